package io.baremetallb.ipam.api;

/**
 * Thrown by the resources for an answer that is an error; {@link ProblemMappers} turns it into an
 * {@code application/problem+json} response. No stack trace reaches the caller.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  private ApiProblem(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  static ApiProblem badRequest(String detail) {
    return new ApiProblem(new Problem(Problem.TYPE_BASE + "bad-request", "Bad request", 400, detail));
  }

  static ApiProblem notFound(String detail) {
    return new ApiProblem(new Problem(Problem.TYPE_BASE + "not-found", "Not found", 404, detail));
  }

  static ApiProblem conflict(String detail) {
    return new ApiProblem(new Problem(Problem.TYPE_BASE + "conflict", "Conflict", 409, detail));
  }

  static ApiProblem unavailable(String detail) {
    return new ApiProblem(new Problem(Problem.TYPE_BASE + "not-ready", "IPAM not ready", 503, detail));
  }
}
