package io.baremetallb.localcluster.lab;

import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointConditions;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1HostIP;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kubernetes objects that describe the lab, as the real cluster components would write them:
 * a Node per node namespace (what the kubelet registers) and, for the pods placed on nodes, Pods and
 * EndpointSlices (what the kubelet and the EndpointSlice controller write). The pods are
 * host-network pods: their IPs are their node's. Pure: the caller gives the time.
 */
final class ClusterObjects {
  static final String MANAGED_BY = "lab.baremetallb.io";
  static final String SERVICE_LABEL = "lab.baremetallb.io/service";
  static final String POD_LABEL = "lab.baremetallb.io/pod";
  static final String NETNS_ANNOTATION = "lab.baremetallb.io/netns";
  static final String CONTAINER = "pod";
  static final String IMAGE = "lab.baremetallb.io/pod-server:lab";

  private ClusterObjects() {}

  /** The Node as created (status is written apart, through the status subresource). */
  static V1Node node(LabTopology lab, LabHost host) {
    return new V1Node().apiVersion("v1").kind("Node")
        .metadata(new V1ObjectMeta().name(host.name())
            .labels(Map.of("kubernetes.io/hostname", host.name(), "kubernetes.io/os", "linux",
                "app.kubernetes.io/managed-by", MANAGED_BY))
            .annotations(Map.of(NETNS_ANNOTATION, lab.namespace(host.name()))));
  }

  static V1NodeStatus nodeStatus(LabHost host, OffsetDateTime now) {
    return new V1NodeStatus()
        .addresses(List.of(
            new V1NodeAddress().type("InternalIP").address(host.ipv4()),
            new V1NodeAddress().type("InternalIP").address(host.ipv6()),
            new V1NodeAddress().type("Hostname").address(host.name())))
        .conditions(List.of(new V1NodeCondition().type("Ready").status("True").reason("KubeletReady")
            .message("lab node namespace is up").lastHeartbeatTime(now).lastTransitionTime(now)));
  }

  /** The name of a placed pod's Pod object: the Service's name, then the pod's, as a Deployment would. */
  static String podName(String service, PodPlacement placement) {
    return service + "-" + placement.pod();
  }

  static V1Pod pod(String namespace, String service, PodPlacement placement, int port) {
    return new V1Pod().apiVersion("v1").kind("Pod")
        .metadata(new V1ObjectMeta().name(podName(service, placement)).namespace(namespace)
            .labels(Map.of(SERVICE_LABEL, service, POD_LABEL, placement.pod(),
                "app.kubernetes.io/managed-by", MANAGED_BY)))
        .spec(new V1PodSpec().nodeName(placement.node()).hostNetwork(true)
            .containers(List.of(new V1Container().name(CONTAINER).image(IMAGE)
                .ports(List.of(new V1ContainerPort().containerPort(port).protocol("TCP"))))));
  }

  static V1PodStatus podStatus(LabHost node, OffsetDateTime now) {
    return new V1PodStatus().phase("Running").startTime(now)
        .hostIP(node.ipv4())
        .hostIPs(List.of(new V1HostIP().ip(node.ipv4()), new V1HostIP().ip(node.ipv6())))
        .podIP(node.ipv4())
        .podIPs(List.of(new V1PodIP().ip(node.ipv4()), new V1PodIP().ip(node.ipv6())))
        .conditions(List.of("PodScheduled", "Initialized", "ContainersReady", "Ready").stream()
            .map(type -> new V1PodCondition().type(type).status("True").lastTransitionTime(now)).toList())
        .containerStatuses(List.of(new V1ContainerStatus().name(CONTAINER).image(IMAGE).imageID("")
            .ready(true).started(true).restartCount(0)
            .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now)))));
  }

  /** One slice per address family, named {@code <service>-lab-ipv4} and {@code -ipv6}, all endpoints ready. */
  static List<V1EndpointSlice> endpointSlices(LabTopology lab, String namespace, String service,
      List<PodPlacement> placements, int port, String portName) {
    return List.of(slice(lab, namespace, service, placements, port, portName, "IPv4"),
        slice(lab, namespace, service, placements, port, portName, "IPv6"));
  }

  private static V1EndpointSlice slice(LabTopology lab, String namespace, String service,
      List<PodPlacement> placements, int port, String portName, String family) {
    List<V1Endpoint> endpoints = placements.stream().map(p -> {
      LabHost node = lab.host(p.node());
      return new V1Endpoint().addresses(List.of(family.equals("IPv4") ? node.ipv4() : node.ipv6()))
          .conditions(new V1EndpointConditions().ready(true).serving(true).terminating(false))
          .nodeName(node.name())
          .targetRef(new V1ObjectReference().kind("Pod").namespace(namespace).name(podName(service, p)));
    }).toList();
    return new V1EndpointSlice().apiVersion("discovery.k8s.io/v1").kind("EndpointSlice")
        .metadata(new V1ObjectMeta().name(service + "-lab-" + family.toLowerCase()).namespace(namespace)
            .labels(Map.of("kubernetes.io/service-name", service,
                "endpointslice.kubernetes.io/managed-by", MANAGED_BY)))
        .addressType(family)
        .endpoints(endpoints)
        .ports(List.of(new DiscoveryV1EndpointPort().name(portName).port(port).protocol("TCP")));
  }

  /** Selects the Service's lab Pods that are not among {@code placements}, to delete them. */
  static String stalePodSelector(String service, List<PodPlacement> placements) {
    String selector = SERVICE_LABEL + "=" + service;
    if (placements.isEmpty()) {
      return selector;
    }
    return selector + "," + POD_LABEL + " notin ("
        + placements.stream().map(PodPlacement::pod).distinct().collect(Collectors.joining(",")) + ")";
  }
}
