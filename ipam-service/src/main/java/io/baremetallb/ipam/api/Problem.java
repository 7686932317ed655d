package io.baremetallb.ipam.api;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every error the
 * REST API answers.
 *
 * @param type a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title short, the same for every occurrence of this type
 * @param status the HTTP status
 * @param detail what went wrong this time, naming the input at fault
 */
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://baremetallb.io/problems/";
}
