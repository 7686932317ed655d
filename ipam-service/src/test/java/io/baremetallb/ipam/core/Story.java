package io.baremetallb.ipam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.AllocationResult.Rejected;
import io.baremetallb.model.ServiceKey;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * MetalLB-style story tables: each step names what happens ("s2 can't grab s1's IP") and what must
 * come out. A rejected step must leave every assignment exactly as it was.
 */
record Story(String desc, Function<Allocator, Object> action, Object want) {

  static ServiceRequest svc(String nsName) {
    return ServiceRequest.of(nsName.contains("/") ? nsName : "default/" + nsName);
  }

  static ServiceRequest svc6(String name) {
    return ServiceRequest.of(new ServiceKey("default", name), IpFamily.IPV6);
  }

  static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  static List<IpAddress> ips(String... s) {
    return Arrays.stream(s).map(IpAddress::parse).toList();
  }

  /** Allocates {@code r} and expects exactly {@code want} (in family order). */
  static Story gets(String desc, ServiceRequest r, String... want) {
    return new Story(desc, a -> a.allocate(r), ips(want));
  }

  /** Allocates {@code r} and expects a rejection of this type. */
  static Story refused(String desc, ServiceRequest r, Class<? extends Rejected> type) {
    return new Story(desc, a -> a.allocate(r), type);
  }

  static Story releases(String desc, String nsName) {
    return new Story(desc, a -> a.release(svc(nsName).service()), Boolean.TRUE);
  }

  static void tell(Allocator a, Story... steps) {
    for (Story s : steps) {
      Object before = a.assignments();
      Object got = s.action.apply(a);
      if (s.want instanceof Class<?> type) {
        assertInstanceOf(type, got, s.desc);
        assertEquals(before, a.assignments(), s.desc + ": a rejection must change nothing");
      } else if (s.want instanceof List<?> wantIps) {
        Allocated al = assertInstanceOf(Allocated.class, got, s.desc + " → " + got);
        assertEquals(wantIps, al.ips(), s.desc);
      } else {
        assertEquals(s.want, got, s.desc);
      }
    }
  }
}
