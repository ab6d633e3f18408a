package org.vigie.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/** {@code database <jdbc url of an existing database> <user> <password> <name>}: creates the database if missing. */
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
        try (Connection c = DriverManager.getConnection(url, user, password)) {
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
