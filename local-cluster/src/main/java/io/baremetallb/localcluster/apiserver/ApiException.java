package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A failure answered as a Kubernetes {@code Status} object. Every error the server reports goes
 * through this type, so no request ever sees a stack trace.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final String kind;
    private final String name;

    public ApiException(int code, String reason, String message, String kind, String name) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.kind = kind;
        this.name = name;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null);
    }

    public static ApiException notFound(String resource, String name) {
        return new ApiException(404, "NotFound", resource + " \"" + name + "\" not found", resource, name);
    }

    public static ApiException pathNotFound(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource (" + path + ")",
                null, null);
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource (" + method + " " + path + ")",
                null, null);
    }

    public static ApiException alreadyExists(String resource, String name) {
        return new ApiException(409, "AlreadyExists", resource + " \"" + name + "\" already exists", resource, name);
    }

    public static ApiException conflict(String resource, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                resource, name);
    }

    public static ApiException invalid(String kind, String name, String message) {
        return new ApiException(422, "Invalid", kind + " \"" + name + "\" is invalid: " + message, kind, name);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null, null);
    }

    public int code() {
        return code;
    }

    /** This failure as a {@code Status} object, the shape every client-java and kubectl error parser expects. */
    public ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (kind != null || name != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
        }
        status.put("code", code);
        return status;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a client error, not a programming error: no stack needed
    }
}
