package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The front door: discovery, health and OpenAPI documents here, resource URLs to {@link ResourceHandler}. Every
 * failure leaves as a Status object; unexpected ones are logged here with their stack and answered 500.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

    private final Discovery discovery;
    private final ResourceTypes types;
    private final ResourceHandler resources;
    private final String serverAddress;

    ApiHandler(Discovery discovery, ResourceTypes types, ResourceHandler resources, String serverAddress) {
        this.discovery = discovery;
        this.types = types;
        this.resources = resources;
        this.serverAddress = serverAddress;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            route(ex, path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        } catch (ApiException e) {
            HttpIo.json(ex, e.code(), e.toStatus());
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away during " + ex.getRequestMethod() + " " + path, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "internal error serving " + ex.getRequestMethod() + " " + path, e);
            HttpIo.json(ex, 500, new ApiException(500, "InternalError", "Internal error occurred: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), null, null).toStatus());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String[] seg = path.substring(1).split("/");
        switch (seg[0]) {
            case "version" -> document(ex, path, discovery.version());
            case "healthz", "livez", "readyz" -> HttpIo.text(ex, 200, "ok");
            case "openapi" -> openApi(ex, path, seg);
            case "api" -> core(ex, path, seg);
            case "apis" -> groups(ex, path, seg);
            default -> throw ApiException.pathNotFound(path);
        }
    }

    private void core(HttpExchange ex, String path, String[] seg) throws IOException {
        if (seg.length == 1) {
            document(ex, path, discovery.coreVersions(serverAddress));
        } else if (seg.length == 2) {
            document(ex, path, discovery.resources("", seg[1]));
        } else {
            resource(ex, path, "", seg[1], 2);
        }
    }

    private void groups(HttpExchange ex, String path, String[] seg) throws IOException {
        if (seg.length == 1) {
            document(ex, path, discovery.groupList());
        } else if (seg.length == 2) {
            document(ex, path, discovery.group(seg[1]));
        } else if (seg.length == 3) {
            document(ex, path, discovery.resources(seg[1], seg[2]));
        } else {
            resource(ex, path, seg[1], seg[2], 3);
        }
    }

    private void openApi(HttpExchange ex, String path, String[] seg) throws IOException {
        if (seg.length < 2 || !seg[1].equals("v3")) {
            throw ApiException.pathNotFound(path); // no OpenAPI v2: kubectl then uses v3 or its built-in types
        }
        if (seg.length == 2) {
            document(ex, path, discovery.openApiIndex());
        } else if (seg.length == 4 && seg[2].equals("api")) {
            document(ex, path, discovery.openApi("", seg[3]));
        } else if (seg.length == 5 && seg[2].equals("apis")) {
            document(ex, path, discovery.openApi(seg[3], seg[4]));
        } else {
            throw ApiException.pathNotFound(path);
        }
    }

    private void resource(HttpExchange ex, String path, String group, String version, int skip) throws IOException {
        String[] seg = path.substring(1).split("/", skip + 1);
        String rest = seg.length > skip ? seg[skip] : "";
        if (!types.isGroupVersion(group, version)) {
            throw ApiException.pathNotFound(path);
        }
        resources.handle(ex, ApiPath.parse(types, group, version, rest, path));
    }

    private static void document(HttpExchange ex, String path, ObjectNode doc) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            throw ApiException.methodNotAllowed(ex.getRequestMethod(), path);
        }
        if (doc == null) {
            throw ApiException.pathNotFound(path);
        }
        HttpIo.json(ex, 200, doc);
    }
}
