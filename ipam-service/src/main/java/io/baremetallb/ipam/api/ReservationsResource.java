package io.baremetallb.ipam.api;

import io.baremetallb.ipam.api.auth.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/reservations}: addresses held for use outside the cluster, stored as
 * IPReservation objects. Every call needs a bearer token; creating and deleting also need the
 * cluster's permission on ipreservations.baremetallb.io ({@link io.baremetallb.ipam.api.auth.BearerAuthFilter}).
 */
@Path("v1/reservations")
@RequestScoped
@Authenticated
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "reservations", description = "Addresses reserved for use outside the cluster")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "no bearer token, or one the cluster does not accept",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "the controller is not ready, or the cluster cannot be asked",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReservationsResource {
  private static final String BODY_EXAMPLE = "{\"pool\":\"my-ip-space\",\"count\":2,\"owner\":\"team-vm\","
      + "\"description\":\"two VMs outside the cluster\",\"expiresAt\":\"2026-12-31T23:59:00Z\"}";

  @Inject
  ReservationStore store;

  @Context
  UriInfo uri;

  @GET
  @Operation(summary = "List the reservations", description = "Every IPReservation of the IPAM service's namespace, "
      + "sorted by name")
  @APIResponse(responseCode = "200", description = "the reservations", content = @Content(
      mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ReservationView.class)))
  public List<ReservationView> list() {
    return store.list();
  }

  @GET
  @Path("{name}")
  @Operation(summary = "Show one reservation")
  @APIResponse(responseCode = "200", description = "the reservation",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
  @APIResponse(responseCode = "404", description = "no such reservation",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public ReservationView get(@Parameter(description = "reservation name") @PathParam("name") String name) {
    return store.get(name);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Reserve addresses", description = "Reserves one given address or `count` free ones "
      + "(1 when neither is given) of a pool; answers once the IPAM leader holds them, with the addresses. "
      + "Needs permission to create ipreservations.baremetallb.io.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = ReservationBody.class), examples = @ExampleObject(name = "two free addresses",
          value = BODY_EXAMPLE)))
  @APIResponse(responseCode = "201", description = "reserved; Location names the new reservation",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
  @APIResponse(responseCode = "400", description = "a malformed body; the detail names the field",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "403", description = "the caller may not create ipreservations",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "no such pool",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "the address is taken or reserved, the pool has fewer free "
      + "addresses than count (the detail says how many), or the name exists",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response create(String body) {
    ReservationView v = store.create(ReservationRequest.parse(body, Instant.now()));
    return Response.created(uri.getAbsolutePathBuilder().path(v.name()).build()).type(MediaType.APPLICATION_JSON)
        .entity(v).build();
  }

  @DELETE
  @Path("{name}")
  @Operation(summary = "Delete a reservation", description = "Its addresses go back to the pool. Needs permission "
      + "to delete ipreservations.baremetallb.io.")
  @APIResponse(responseCode = "204", description = "deleted")
  @APIResponse(responseCode = "403", description = "the caller may not delete ipreservations",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "no such reservation",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response delete(@Parameter(description = "reservation name") @PathParam("name") String name) {
    store.delete(name);
    return Response.noContent().build();
  }

  /** The request body, for the OpenAPI document only (the body is parsed by {@link ReservationRequest}). */
  @Schema(name = "ReservationRequest")
  public record ReservationBody(
      @Schema(description = "object name; generated (res-xxxxxxxx) when absent") String name,
      @Schema(required = true, description = "pool to reserve from") String pool,
      @Schema(description = "one address to reserve; not with count") String address,
      @Schema(description = "how many free addresses to reserve (1-1024); not with address", minimum = "1",
          maximum = "1024") Integer count,
      @Schema(required = true, description = "who holds the reservation") String owner,
      @Schema(required = true, description = "why the addresses are held") String description,
      @Schema(description = "RFC 3339 time at which the reservation ends by itself") String expiresAt) {
  }
}
