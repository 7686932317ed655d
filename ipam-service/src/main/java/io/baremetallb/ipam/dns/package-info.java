/**
 * An authoritative DNS responder for Service names (issue 7).
 *
 * <p>{@link io.baremetallb.ipam.dns.DnsAnswerer} is the pure answer engine: wire bytes in, wire bytes
 * (or a counted drop) out, no sockets and no threads. {@link io.baremetallb.ipam.dns.DnsServer} is the
 * thin I/O around it: UDP and TCP listeners, a per-source rate limit, counters. Services come in
 * through {@link io.baremetallb.ipam.dns.ServiceDirectory}; {@link
 * io.baremetallb.ipam.dns.InformerServiceDirectory} implements it over the Service informer's cache
 * (the package's only use of client-java), so every query sees the cache as it is at that moment.
 */
package io.baremetallb.ipam.dns;
