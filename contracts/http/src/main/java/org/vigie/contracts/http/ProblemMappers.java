package org.vigie.contracts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.vigie.contracts.api.Problem;

/**
 * Every error of every Vigie API as RFC 9457 problem+json, never a bare 500 with a stack trace. Messages
 * describe the problem without echoing the rejected input, which may be personal data.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = respond(e.problem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String where = e instanceof MismatchedInputException m ? pointer(m) : null;
        String detail = e instanceof InvalidFormatException ? "A value has the wrong type or format."
                : e instanceof MismatchedInputException ? "The body does not have the expected shape."
                : "The body is not well-formed JSON.";
        Problem problem = Problem.of(400, "malformed-body", "Malformed body", detail);
        if (where != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(where, detail)));
        }
        return respond(problem).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return respond(Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token is required."))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized(new UnauthorizedException());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your role does not allow this operation.")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed with status %d", status);
            return respond(Problem.of(status, "internal", "Internal error", "The request could not be completed.")).build();
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No acceptable representation for the Accept header.";
            case 413 -> "The request body is too large.";
            case 415 -> "This content type is not supported here.";
            default -> "The request was refused.";
        };
        return respond(Problem.of(status, slug(title), title, detail)).build();
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return respond(Problem.of(400, "bad-request", "Bad request", "A parameter is invalid.")).build();
    }

    /**
     * Whatever no other mapper took. A backing service that is down (the database restarting, a connection
     * dropped) is a 503 with Retry-After, so a client retries instead of giving up; anything else is a 500, as
     * problem+json like every other error, logged with its stack trace (never echoed to the caller).
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (unavailable(e)) {
            LOG.warnf("A backing service is unavailable (%s); answering 503", e.getClass().getName());
            return respond(Problem.of(503, "unavailable", "Service unavailable",
                    "A backing service is unavailable for a moment; retry after the delay given.")).header("Retry-After", "5")
                    .build();
        }
        LOG.error("Request failed", e);
        return respond(Problem.of(500, "internal", "Internal error", "The request could not be completed.")).build();
    }

    /**
     * Whether a failure means a backing service cannot be reached rather than a fault in the request or the code:
     * a refused or closed connection, or a database error of class 08 (connection exception) or 57P (operator
     * intervention: shutdown, restart). Looked up by class name, so this module needs no database driver.
     */
    static boolean unavailable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            String name = t.getClass().getName();
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.net.impl.ConnectTimeoutException")
                    || name.equals("org.hibernate.reactive.pool.impl.ConnectionPoolException")) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        if (t.getClass().getName().equals("io.vertx.pgclient.PgException")) {
            try {
                Object state = t.getClass().getMethod("getSqlState").invoke(t);
                return state == null ? null : state.toString();
            } catch (ReflectiveOperationException ignored) {
                return null;
            }
        }
        return null;
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The RFC 6901 pointer of the field Jackson failed on (names only, never values). */
    static String pointer(MismatchedInputException e) {
        StringBuilder pointer = new StringBuilder();
        for (var reference : e.getPath()) {
            pointer.append('/');
            if (reference.getFieldName() != null) {
                pointer.append(reference.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.isEmpty() ? null : pointer.toString();
    }
}
