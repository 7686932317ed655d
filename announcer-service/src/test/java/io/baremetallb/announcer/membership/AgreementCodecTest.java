package io.baremetallb.announcer.membership;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.membership.AgreementMessage.Plan;
import io.baremetallb.announcer.membership.AgreementMessage.Report;
import io.baremetallb.ip.IpAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AgreementCodecTest {
  static Plan plan() {
    TreeMap<IpAddress, String> owners = new TreeMap<>();
    owners.put(IpAddress.parse("192.0.2.10"), "n1");
    owners.put(IpAddress.parse("2001:db8::1"), "n2");
    return new Plan(258, "n1", owners);
  }

  static final byte[] PLAN = {
      1, // version
      1, // type Plan
      0, 0, 0, 0, 0, 0, 1, 2, // epoch 258
      0, 2, 'n', '1', // author
      0, 0, 0, 2, // two owners
      4, (byte) 192, 0, 2, 10, // 192.0.2.10
      0, 2, 'n', '1',
      16, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, // 2001:db8::1
      0, 2, 'n', '2',
  };

  @Test
  void aPlanEncodesFieldByField() {
    assertArrayEquals(PLAN, AgreementCodec.encode(plan()));
    assertEquals(plan(), AgreementCodec.decode(PLAN, 0, PLAN.length));
  }

  @Test
  void aReportCarriesAPlanBodyUnderTypeTwo() {
    byte[] b = AgreementCodec.encode(new Report(plan()));
    assertEquals(2, b[1]);
    assertArrayEquals(Arrays.copyOfRange(PLAN, 2, PLAN.length), Arrays.copyOfRange(b, 2, b.length));
    assertEquals(new Report(plan()), AgreementCodec.decode(b, 0, b.length));
  }

  @Test
  void aLeaseAndAnAdoptedArePlanBodiesWithoutOwners() {
    Map<Integer, AgreementMessage> byType = Map.of(3, new AgreementMessage.Lease(258, "n1"), 4,
        new AgreementMessage.Adopted(258, "n1"));
    byType.forEach((type, m) -> {
      byte[] b = AgreementCodec.encode(m);
      assertArrayEquals(new byte[] {1, (byte) (int) type, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 'n', '1', 0, 0, 0, 0}, b);
      assertEquals(m, AgreementCodec.decode(b, 0, b.length));
      assertEquals("agreement message owner count 2 is out of range 0..0", reject(1, type));
    });
  }

  @Test
  void aReportOfAPlanNoLongerCurrentIsTypeFive() {
    byte[] b = AgreementCodec.encode(new Report(plan(), false));
    assertEquals(5, b[1]);
    assertArrayEquals(Arrays.copyOfRange(PLAN, 2, PLAN.length), Arrays.copyOfRange(b, 2, b.length));
    assertEquals(new Report(plan(), false), AgreementCodec.decode(b, 0, b.length));
  }

  @Test
  void theEmptyReportRoundTrips() {
    byte[] b = AgreementCodec.encode(new Report(Plan.NONE));
    assertEquals(new Report(Plan.NONE), AgreementCodec.decode(b, 0, b.length));
  }

  @Test
  void decodingHonoursOffsetAndLength() {
    byte[] framed = new byte[PLAN.length + 6];
    System.arraycopy(PLAN, 0, framed, 3, PLAN.length);
    assertEquals(plan(), AgreementCodec.decode(framed, 3, PLAN.length));
  }

  @Test
  void everyTruncationIsRejectedWithAMessage() {
    for (int len = 0; len < PLAN.length; len++) {
      int n = len;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgreementCodec.decode(PLAN, 0, n));
      assertTrue(e.getMessage().startsWith("agreement message"), e.getMessage());
    }
  }

  @Test
  void malformedFieldsAreNamed() {
    assertEquals("agreement message version 2 is not 1", reject(0, 2));
    for (int type : new int[] {0, 6}) {
      assertEquals("agreement message type " + type + " is not Plan (1), Report (2), Lease (3), Adopted (4) or Report"
          + " of a plan no longer current (5)", reject(1, type));
    }
    assertEquals("agreement message owner count -1 is out of range 0..1048576", reject(14, -1, 15, -1, 16, -1, 17, -1));
    assertEquals("agreement message owner 0 has address length 5, not 4 or 16", reject(18, 5));
    byte[] longer = Arrays.copyOf(PLAN, PLAN.length + 1);
    assertEquals("agreement message has 1 bytes after its last owner",
        assertThrows(IllegalArgumentException.class, () -> AgreementCodec.decode(longer, 0, longer.length)).getMessage());
  }

  /** PLAN with the bytes at the given offsets replaced (offset, value, offset, value...), decoded. */
  static String reject(int... offsetValue) {
    byte[] b = PLAN.clone();
    for (int i = 0; i < offsetValue.length; i += 2) {
      b[offsetValue[i]] = (byte) offsetValue[i + 1];
    }
    return assertThrows(IllegalArgumentException.class, () -> AgreementCodec.decode(b, 0, b.length)).getMessage();
  }
}
