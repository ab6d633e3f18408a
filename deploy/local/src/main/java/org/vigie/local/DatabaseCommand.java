package org.vigie.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * {@code database <jdbc url of an existing database> <user> <password> <name> [--fresh]}: creates the database if
 * missing; with {@code --fresh} drops it first (tests and demos that must not inherit an earlier run's schema).
 */
final class DatabaseCommand {

    private DatabaseCommand() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args.length > 2 ? args[2] : "";
        String name = args.length > 3 ? args[3] : "vigie";
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        boolean fresh = args.length > 4 && "--fresh".equals(args[4]);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            if (fresh) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
            try (PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        System.out.println("database " + name + ": present");
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            System.out.println("database " + name + ": created");
        }
    }
}
