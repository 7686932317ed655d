package io.baremetallb.announcer.l2.wire;

/**
 * An IEEE 802.1Q tag control information field: 3 bits priority code point, 1 bit drop eligible
 * indicator, 12 bits VLAN identifier.
 */
public record VlanTag(int priority, boolean dropEligible, int vlanId) {
  public VlanTag {
    if (priority < 0 || priority > 7) {
      throw new IllegalArgumentException("802.1Q priority is 0..7, not " + priority);
    }
    if (vlanId < 0 || vlanId > 4095) {
      throw new IllegalArgumentException("802.1Q VLAN id is 0..4095, not " + vlanId);
    }
  }

  static VlanTag fromTci(int tci) {
    return new VlanTag(tci >>> 13, (tci & 0x1000) != 0, tci & 0x0fff);
  }

  int tci() {
    return (priority << 13) | (dropEligible ? 0x1000 : 0) | vlanId;
  }
}
