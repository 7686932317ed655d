package io.baremetallb.announcer.bgp.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** UPDATE bodies (RFC 4271 §4.3) and the message-level checks of RFC 7606. */
final class UpdateCodec {
  private UpdateCodec() {
  }

  // 2 bytes: withdrawn routes length   n bytes: withdrawn routes
  // 2 bytes: total path attribute length   n bytes: path attributes
  // rest   : NLRI
  static DecodeResult decode(ByteBuffer body, CodecOptions options) {
    WireReader r = new WireReader(body, ErrorCode.UPDATE_MESSAGE, ErrorCode.MALFORMED_ATTRIBUTE_LIST, "UPDATE");
    ByteBuffer withdrawnField = r.slice(r.u16());
    ByteBuffer attributeField = r.slice(r.u16());
    List<Prefix> withdrawn = Nlri.decode(withdrawnField, Afi.IPV4, ErrorCode.INVALID_NETWORK_FIELD, "withdrawn routes");
    List<Prefix> nlri = Nlri.decode(body, Afi.IPV4, ErrorCode.INVALID_NETWORK_FIELD, "NLRI");
    AttributeCodec.Parsed parsed = AttributeCodec.decodeAll(attributeField, options);
    List<AttributeProblem> problems = new ArrayList<>(parsed.problems());
    missingMandatory(parsed.attributes(), nlri, problems);
    if (problems.isEmpty()) {
      return new DecodeResult.Accepted(new Update(withdrawn, parsed.attributes(), nlri));
    }
    boolean withdraw = problems.stream().anyMatch(p -> p.handling() == AttributeProblem.Handling.TREAT_AS_WITHDRAW);
    if (withdraw) {
      return new DecodeResult.TreatAsWithdraw(withdrawAll(withdrawn, nlri, parsed.attributes()), problems);
    }
    return new DecodeResult.AttributesDiscarded(new Update(withdrawn, parsed.attributes(), nlri), problems);
  }

  /** RFC 7606 §3.d: ORIGIN and AS_PATH for any reachable NLRI, NEXT_HOP for classic NLRI. */
  private static void missingMandatory(List<PathAttribute> attrs, List<Prefix> nlri, List<AttributeProblem> problems) {
    boolean mpReach = attrs.stream().anyMatch(a -> a instanceof PathAttribute.MpReach);
    if (nlri.isEmpty() && !mpReach) {
      return;
    }
    require(attrs, PathAttribute.ORIGIN, problems);
    require(attrs, PathAttribute.AS_PATH, problems);
    if (!nlri.isEmpty()) {
      require(attrs, PathAttribute.NEXT_HOP, problems);
    }
  }

  private static void require(List<PathAttribute> attrs, int type, List<AttributeProblem> problems) {
    boolean present = attrs.stream().anyMatch(a -> a.typeCode() == type);
    boolean reported = problems.stream().anyMatch(p -> p.typeCode() == type);
    if (!present && !reported) {
      problems.add(new AttributeProblem(type, AttributeProblem.Handling.TREAT_AS_WITHDRAW,
          "well-known mandatory attribute " + type + " is missing"));
    }
  }

  /** Every prefix the UPDATE announced or withdrew, as withdrawals. */
  private static Update withdrawAll(List<Prefix> withdrawn, List<Prefix> nlri, List<PathAttribute> attrs) {
    List<Prefix> v4 = new ArrayList<>(withdrawn);
    v4.addAll(nlri);
    Map<Afi, List<Prefix>> mp = new EnumMap<>(Afi.class);
    for (PathAttribute a : attrs) {
      if (a instanceof PathAttribute.MpReach m) {
        mp.computeIfAbsent(m.afi(), k -> new ArrayList<>()).addAll(m.nlri());
      } else if (a instanceof PathAttribute.MpUnreach m) {
        mp.computeIfAbsent(m.afi(), k -> new ArrayList<>()).addAll(m.withdrawn());
      }
    }
    List<PathAttribute> unreach = new ArrayList<>();
    for (Map.Entry<Afi, List<Prefix>> e : mp.entrySet()) {
      if (e.getKey() == Afi.IPV4) {
        v4.addAll(e.getValue());
      } else {
        unreach.add(new PathAttribute.MpUnreach(e.getKey(), e.getValue()));
      }
    }
    return new Update(v4, unreach, List.of());
  }

  static void encode(ByteBuffer out, Update u, CodecOptions options) {
    out.putShort((short) Nlri.encodedLength(u.withdrawn()));
    Nlri.encode(out, u.withdrawn());
    int attrLenAt = out.position();
    out.putShort((short) 0);
    for (PathAttribute a : u.attributes()) {
      AttributeCodec.encode(out, a, options);
    }
    out.putShort(attrLenAt, (short) (out.position() - attrLenAt - 2));
    Nlri.encode(out, u.nlri());
  }
}
