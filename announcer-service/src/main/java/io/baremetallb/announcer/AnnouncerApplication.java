package io.baremetallb.announcer;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS root of the announcer service: every resource lives under {@code /api}. */
@ApplicationPath("/api")
public class AnnouncerApplication extends Application {
}
