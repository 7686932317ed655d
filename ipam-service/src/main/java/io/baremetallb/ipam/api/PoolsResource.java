package io.baremetallb.ipam.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/pools}: the configured pools and how full they are. */
@Path("v1/pools")
@RequestScoped
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "pools", description = "Address pools and their counters")
public class PoolsResource {
  @Inject
  IpamState state;

  @GET
  @Operation(summary = "List the pools", description = "Every pool of the configuration in force, in the order "
      + "the allocator tries them, with its counters")
  @APIResponse(responseCode = "200", description = "the pools",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(type = SchemaType.ARRAY, implementation = PoolView.class)))
  @APIResponse(responseCode = "503", description = "the controller is not ready",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public List<PoolView> pools() {
    IpamState.Snapshot s = state.snapshot();
    return ApiViews.pools(s.stats(), s.configured());
  }

  @GET
  @Path("{name}")
  @Operation(summary = "Show one pool")
  @APIResponse(responseCode = "200", description = "the pool",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PoolView.class)))
  @APIResponse(responseCode = "400", description = "not a valid pool name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "no such pool",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "503", description = "the controller is not ready",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public PoolView pool(@Parameter(description = "pool name", example = "my-ip-space") @PathParam("name") String name) {
    IpamState.Snapshot s = state.snapshot();
    return ApiViews.pool(ApiViews.pools(s.stats(), s.configured()), name);
  }
}
