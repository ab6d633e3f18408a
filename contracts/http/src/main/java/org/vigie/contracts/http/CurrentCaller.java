package org.vigie.contracts.http;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Caller} of the current request. Resources are application-scoped; this proxy resolves to the
 * request being served, so a resource never keeps one caller's identity for the next.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    JsonWebToken jwt;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = Caller.of(jwt);
        }
        return caller;
    }
}
