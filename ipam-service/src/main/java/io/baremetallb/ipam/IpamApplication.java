package io.baremetallb.ipam;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The JAX-RS root of the ipam service: every resource lives under {@code /api}. */
@ApplicationPath("/api")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "a Kubernetes bearer token (a service account's, for instance), checked with a TokenReview; "
        + "creating and deleting reservations also need create/delete on ipreservations.baremetallb.io "
        + "(SubjectAccessReview)")
public class IpamApplication extends Application {
}
