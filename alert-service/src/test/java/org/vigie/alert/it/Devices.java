package org.vigie.alert.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import org.vigie.testkit.PostgresServer;

/** Direct reads of the service's database, for what the API does not show. */
final class Devices {

    private Devices() {
    }

    static int known(Collection<String> deviceIds) throws SQLException {
        try (Connection c = PostgresServer.get().open();
             PreparedStatement s = c.prepareStatement("select count(*) from alert.device where device_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", deviceIds.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
