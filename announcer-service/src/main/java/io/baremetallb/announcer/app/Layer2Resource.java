package io.baremetallb.announcer.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/v1/layer2}: what this node answers for, on which interfaces, and why not. */
@Path("/v1/layer2")
public class Layer2Resource {
  @Inject
  AnnouncerRuntime runtime;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "This node's layer 2 state: membership, the IPs it answers for per interface, "
      + "and the IPs nobody answers for with the reason (known on the coordinator)")
  public Response get() {
    if (runtime.node().isEmpty()) {
      return Response.status(503).type("application/problem+json").entity(Map.of("type", "about:blank",
          "title", "announcer not started", "status", 503, "detail", runtime.notStartedBecause())).build();
    }
    AnnouncerNode n = runtime.node().get();
    AnnouncerNode.Status s = n.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", n.nodeName());
    out.put("ready", s.ready());
    if (!s.reason().isEmpty()) {
      out.put("reason", s.reason());
    }
    out.put("members", s.members());
    out.put("coordinator", s.coordinator());
    out.put("quorum", s.quorum());
    out.put("epoch", s.epoch());
    out.put("owned", n.owned().stream().map(Object::toString).toList());
    Map<String, List<String>> ifaces = new TreeMap<>();
    s.announced().forEach((i, ips) -> ifaces.put(i, ips.stream().map(Object::toString).toList()));
    out.put("interfaces", ifaces);
    out.put("interfaceFailures", s.interfaceFailures());
    Map<String, String> why = new TreeMap<>();
    s.unannounced().forEach((ip, reason) -> why.put(ip.toString(), reason));
    out.put("unannounced", why);
    n.bgp().ifPresent(b -> {
      Map<String, Object> bgp = new LinkedHashMap<>();
      Map<String, String> sessions = new TreeMap<>();
      b.sessions().forEach((peer, state) -> sessions.put(peer, state.name()));
      bgp.put("sessions", sessions);
      Map<String, String> problems = new TreeMap<>();
      b.problems().forEach(p -> problems.put(p.peer(), p.message()));
      bgp.put("problems", problems);
      if (!b.notRunning().isEmpty()) {
        bgp.put("notRunning", b.notRunning());
      }
      Map<String, String> bfd = new TreeMap<>();
      b.bfdSessions().forEach(st -> bfd.put(st.peer().getHostAddress(), st.state().name()));
      bgp.put("bfd", bfd);
      if (!b.bfdProblem().isEmpty()) {
        bgp.put("bfdProblem", b.bfdProblem());
      }
      out.put("bgp", bgp);
    });
    return Response.ok(out).build();
  }
}
