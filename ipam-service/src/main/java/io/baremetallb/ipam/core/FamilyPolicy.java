package io.baremetallb.ipam.core;

/** A Service's {@code spec.ipFamilyPolicy}. */
public enum FamilyPolicy {
  SINGLE_STACK("SingleStack"),
  PREFER_DUAL_STACK("PreferDualStack"),
  REQUIRE_DUAL_STACK("RequireDualStack");

  private final String apiName;

  FamilyPolicy(String apiName) {
    this.apiName = apiName;
  }

  /** The spelling Kubernetes uses. */
  public String apiName() {
    return apiName;
  }

  /** Parses the Kubernetes spelling; a missing policy means SingleStack, as in the API. */
  public static FamilyPolicy fromApiName(String s) {
    if (s == null || s.isEmpty()) {
      return SINGLE_STACK;
    }
    for (FamilyPolicy p : values()) {
      if (p.apiName.equals(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown ipFamilyPolicy \"" + s
        + "\" (expected SingleStack, PreferDualStack or RequireDualStack)");
  }

  @Override
  public String toString() {
    return apiName;
  }
}
