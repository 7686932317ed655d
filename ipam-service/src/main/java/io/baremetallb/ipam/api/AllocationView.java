package io.baremetallb.ipam.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which Service holds which addresses, as {@code GET /api/v1/allocations} shows it. */
@Schema(name = "Allocation", description = "The addresses a Service holds")
public record AllocationView(
    @Schema(description = "the Service's namespace", example = "default") String namespace,
    @Schema(description = "the Service's name", example = "myapp-svc") String service,
    @Schema(description = "the pool the addresses are in; null when no pool of the current config has them (an orphan)",
        nullable = true, example = "my-ip-space") String pool,
    @Schema(description = "the addresses, primary family first", example = "[\"192.0.2.5\"]") List<String> ips,
    @Schema(description = "the Service's allow-shared-ip key; null when it does not share", nullable = true)
    String sharingKey) {
  public AllocationView {
    ips = List.copyOf(ips);
  }
}
