package io.baremetallb.ipam.core;

/** The sharing rule a request breaks when it asks for an IP another Service holds. */
public enum SharingRule {
  HOLDER_DOES_NOT_SHARE("the Service holding it has no allow-shared-ip annotation"),
  REQUESTER_DOES_NOT_SHARE("this Service has no allow-shared-ip annotation"),
  KEY_DIFFERS("the allow-shared-ip keys differ"),
  BACKEND_DIFFERS("externalTrafficPolicy is Local and the pod selectors differ"),
  PORT_COLLISION("both Services use the same port and protocol");

  private final String description;

  SharingRule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
