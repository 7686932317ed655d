package io.baremetallb.localcluster.lab;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Registers the lab in a Kubernetes API server, for {@code lab.sh register} and {@code lab.sh place}:
 * <pre>
 * LabRegistration --kubeconfig K --prefix P register --nodes N
 * LabRegistration --kubeconfig K --prefix P place --nodes N --port 80 --port-name "" NS SERVICE node2=node2-1 ...
 * </pre>
 */
public final class LabRegistration {
  private final ClusterWriter kubectl;
  private final InstantSource clock;
  private final PrintStream out;

  LabRegistration(ClusterWriter kubectl, InstantSource clock, PrintStream out) {
    this.kubectl = kubectl;
    this.clock = clock;
    this.out = out;
  }

  /** A Node per node namespace: created (or updated) by apply, then its status (addresses, Ready). */
  void register(LabTopology lab) {
    List<Object> nodes = new ArrayList<>();
    lab.nodeHosts().forEach(host -> nodes.add(ClusterObjects.node(lab, host)));
    kubectl.apply(nodes);
    for (LabHost host : lab.nodeHosts()) {
      kubectl.patchStatus("node", null, host.name(), new V1Node().status(ClusterObjects.nodeStatus(host, now())));
      out.println("node/" + host.name() + " registered: InternalIP " + host.ipv4() + ", " + host.ipv6());
    }
  }

  /** Pods (Running, Ready) for the placements, the Service's EndpointSlices, and no other lab Pods of it. */
  void place(LabTopology lab, String namespace, String service, List<PodPlacement> placements, int port,
      String portName) {
    if (!placements.isEmpty()) {
      kubectl.apply(placements.stream().map(p -> (Object) ClusterObjects.pod(namespace, service, p, port)).toList());
    }
    for (PodPlacement p : placements) {
      kubectl.patchStatus("pod", namespace, ClusterObjects.podName(service, p),
          new V1Pod().status(ClusterObjects.podStatus(lab.host(p.node()), now())));
    }
    kubectl.apply(List.copyOf(ClusterObjects.endpointSlices(lab, namespace, service, placements, port, portName)));
    kubectl.deleteSelected("pods", namespace, ClusterObjects.stalePodSelector(service, placements));
    out.println("service " + namespace + "/" + service + " has " + placements.size() + " ready pods: "
        + placements.stream().map(p -> p.pod() + " on " + p.node()).toList());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).withNano(0);
  }

  public static void main(String[] args) {
    try {
      run(new ArrayList<>(Arrays.asList(args)));
    } catch (IllegalArgumentException | LabException e) {
      System.err.println("lab: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(List<String> args) {
    String kubeconfig = option(args, "--kubeconfig", null);
    String prefix = option(args, "--prefix", "bmlb-");
    int nodes = Integer.parseInt(option(args, "--nodes", "3"));
    int port = Integer.parseInt(option(args, "--port", "80"));
    String portName = option(args, "--port-name", "");
    if (kubeconfig == null || args.isEmpty()) {
      throw new IllegalArgumentException("usage: LabRegistration --kubeconfig K [--prefix P] [--nodes N]"
          + " register | place [--port P] [--port-name N] NS SERVICE NODE=POD...");
    }
    LabTopology lab = new LabTopology(prefix, nodes);
    LabRegistration registration = new LabRegistration(
        new Kubectl(System.getenv().getOrDefault("KUBECTL", "kubectl"), Path.of(kubeconfig)),
        InstantSource.system(), System.out);
    String verb = args.remove(0);
    if (verb.equals("register") && args.isEmpty()) {
      registration.register(lab);
    } else if (verb.equals("place") && args.size() >= 2) {
      List<PodPlacement> placements = args.subList(2, args.size()).stream().map(PodPlacement::parse).toList();
      placements.forEach(p -> lab.host(p.node()));
      registration.place(lab, args.get(0), args.get(1), placements, port, portName);
    } else {
      throw new IllegalArgumentException("unknown or incomplete command: " + verb + " " + String.join(" ", args));
    }
  }

  /** Removes {@code name VALUE} from args and returns VALUE, or the default if absent. */
  private static String option(List<String> args, String name, String otherwise) {
    int i = args.indexOf(name);
    if (i < 0) {
      return otherwise;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(i + 1);
    args.subList(i, i + 2).clear();
    return value;
  }
}
