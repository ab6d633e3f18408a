package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Collection;

/** Persisting a list of new rows in the current session; an empty list is nothing to do. */
public final class Rows {

    private Rows() {
    }

    public static Uni<Void> persist(Collection<?> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
    }
}
