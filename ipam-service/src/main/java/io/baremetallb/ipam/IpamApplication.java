package io.baremetallb.ipam;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS root of the ipam service: every resource lives under {@code /api}. */
@ApplicationPath("/api")
public class IpamApplication extends Application {
}
