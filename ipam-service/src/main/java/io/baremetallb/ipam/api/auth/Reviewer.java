package io.baremetallb.ipam.api.auth;

import java.util.List;

/** Asks the cluster who a bearer token belongs to and what that user may do. */
public interface Reviewer {
  /** Who the token belongs to; {@code authenticated} false (with the reason) when the cluster does not accept it. */
  record Identity(boolean authenticated, String user, String uid, List<String> groups, String error) {
    public Identity {
      groups = List.copyOf(groups);
    }
  }

  /** A SubjectAccessReview's answer. */
  record Decision(boolean allowed, String reason) {
  }

  /** The cluster could not be asked (it is unreachable or answered an error): neither yes nor no. */
  final class ReviewUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public ReviewUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  Identity authenticate(String token) throws ReviewUnavailable;

  /** May {@code who} {@code verb} IPReservations in {@code namespace}? */
  Decision mayDo(Identity who, String verb, String namespace) throws ReviewUnavailable;
}
