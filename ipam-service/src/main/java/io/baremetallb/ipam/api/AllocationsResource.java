package io.baremetallb.ipam.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/allocations}: which Service holds which addresses. */
@Path("v1/allocations")
@RequestScoped
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "allocations", description = "Addresses held by Services")
public class AllocationsResource {
  @Inject
  IpamState state;

  @GET
  @Operation(summary = "List the allocations", description = "Every Service that holds addresses, sorted by "
      + "namespace and name, optionally only those of one pool and/or one namespace")
  @APIResponse(responseCode = "200", description = "the allocations",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(type = SchemaType.ARRAY, implementation = AllocationView.class)))
  @APIResponse(responseCode = "400", description = "a malformed pool or namespace name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "the pool named is not configured",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "503", description = "the controller is not ready",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public List<AllocationView> allocations(
      @Parameter(description = "only this pool's allocations") @QueryParam("pool") String pool,
      @Parameter(description = "only Services of this namespace") @QueryParam("namespace") String namespace) {
    IpamState.Snapshot s = state.snapshot();
    return ApiViews.allocations(s.assignments(), s.stats().keySet(), pool, namespace,
        key -> IpamState.sharingKey(s.controller(), key));
  }
}
