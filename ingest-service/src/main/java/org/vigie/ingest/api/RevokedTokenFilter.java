package org.vigie.ingest.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.security.Roles;

/**
 * A revoked device token stops working at once: every request made with a device token is checked against
 * the revocation table, on every instance, with no cache that could lag behind a revocation. One primary-key
 * lookup per request (a batch of up to 5,000 events), non-blocking.
 */
public class RevokedTokenFilter {

    private final Pool pool;
    private final JsonWebToken jwt;

    public RevokedTokenFilter(Pool pool, JsonWebToken jwt) {
        this.pool = pool;
        this.jwt = jwt;
    }

    @ServerRequestFilter
    public Uni<Response> refuseRevokedDeviceTokens() {
        if (jwt.getRawToken() == null || !jwt.getGroups().contains(Roles.DEVICE)) {
            return Uni.createFrom().nullItem();
        }
        UUID jti = parse(jwt.getTokenID());
        if (jti == null) {
            return Uni.createFrom().nullItem(); // not one of ours (an external provider's): nothing to revoke here
        }
        return pool.preparedQuery("select 1 from ingest.device_token where jti = $1 and revoked_at is not null")
                .execute(Tuple.of(jti))
                .map(rows -> rows.size() == 0 ? null
                        : Response.status(401).type(Problem.MEDIA_TYPE)
                                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                                .entity(Problem.of(401, "token-revoked", "Unauthorized",
                                        "This device token has been revoked."))
                                .build());
    }

    private static UUID parse(String tokenId) {
        if (tokenId == null) {
            return null;
        }
        try {
            return UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
