package io.baremetallb.ipam.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every error of the API as {@code application/problem+json}: ours, JAX-RS's own, and the unexpected. */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {
  }

  static Response respond(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
  }

  /** A JAX-RS exception (unknown path 404, wrong method 405, unconvertible parameter 400/404, ...) as a problem. */
  static Problem of(int status, String message) {
    Response.Status st = Response.Status.fromStatusCode(status);
    String title = st == null ? "HTTP " + status : st.getReasonPhrase();
    String detail = message == null || message.isBlank() ? title : message;
    return new Problem("about:blank", title, status, detail);
  }

  /** Our own problems. */
  @Provider
  public static final class OfApiProblem implements ExceptionMapper<ApiProblem> {
    @Override
    public Response toResponse(ApiProblem e) {
      return respond(e.problem());
    }
  }

  /** JAX-RS's exceptions keep their status. */
  @Provider
  public static final class OfWebApplicationException implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response r = e.getResponse();
      return respond(of(r == null ? 500 : r.getStatus(), e.getMessage()));
    }
  }

  /** A bug of ours: logged with its stack trace, answered 500 without it. */
  @Provider
  public static final class OfUnexpected implements ExceptionMapper<RuntimeException> {
    @Override
    public Response toResponse(RuntimeException e) {
      LOG.log(Level.SEVERE, "event=apiError error=\"" + e + "\"", e);
      return respond(new Problem("about:blank", "Internal Server Error", 500,
          "the IPAM service failed to answer; its log has the details"));
    }
  }
}
