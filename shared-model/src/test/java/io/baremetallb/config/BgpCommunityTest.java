package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BgpCommunityTest {

  @Test
  void standardCommunityIsTwoSixteenBitHalves() {
    BgpCommunity.Standard noAdvertise = (BgpCommunity.Standard) BgpCommunity.parse("65535:65282");
    assertEquals(0xFFFF_FF02L, noAdvertise.toLong());
    assertEquals("65535:65282", noAdvertise.toString());
  }

  @Test
  void largeCommunityHasThreeThirtyTwoBitParts() {
    assertEquals(new BgpCommunity.Large(4294967295L, 0, 7), BgpCommunity.parse("large:4294967295:0:7"));
    assertEquals("large:4294967295:0:7", BgpCommunity.parse("large:4294967295:0:7").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"65536:1", "1:-1", "1", "1:2:3", "big:1:2:3", "large:1:2:4294967296", "a:b", ":", "large:1:2:"})
  void rejectsMalformedValues(String text) {
    assertThrows(IllegalArgumentException.class, () -> BgpCommunity.parse(text));
  }

  @Test
  void ordersAsMetallbDoes() {
    // a standard community sorts as the large community <value>:0:0; on a tie (0:1 and large:1:0:0,
    // which MetalLB leaves in any order) the standard one comes first
    TreeSet<BgpCommunity> sorted = new TreeSet<>(List.of(BgpCommunity.parse("65535:65282"),
        BgpCommunity.parse("large:64512:1:2"), BgpCommunity.parse("0:1"), BgpCommunity.parse("large:1:0:0")));
    assertEquals(List.of("0:1", "large:1:0:0", "large:64512:1:2", "65535:65282"), sorted.stream().map(Object::toString).toList());
  }
}
