package io.baremetallb.announcer.membership;

import io.baremetallb.announcer.membership.AgreementMessage.Adopted;
import io.baremetallb.announcer.membership.AgreementMessage.Lease;
import io.baremetallb.announcer.membership.AgreementMessage.Plan;
import io.baremetallb.announcer.membership.AgreementMessage.Report;
import io.baremetallb.ip.IpAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * Byte form of {@link AgreementMessage}s (they travel inside encrypted JGroups messages):
 *
 * <pre>
 * 1 byte : version (1)
 * 1 byte : type (1 = Plan, 2 = Report, 3 = Lease, 4 = Adopted, 5 = Report of a plan no longer
 *          current; all carry a Plan body, a Lease and an Adopted one without owners)
 * 8 bytes: epoch
 * UTF    : author (2-byte length + modified UTF-8)
 * 4 bytes: number of owners N
 * N times: 1 byte address length (4 or 16), the address, UTF owner
 * </pre>
 */
public final class AgreementCodec {
  static final int VERSION = 1;
  static final int TYPE_PLAN = 1;
  static final int TYPE_REPORT = 2;
  static final int TYPE_LEASE = 3;
  static final int TYPE_ADOPTED = 4;
  static final int TYPE_STALE_REPORT = 5;
  /** More IPs than any pool set can hold in practice; bounds what a corrupt count can allocate. */
  static final int MAX_OWNERS = 1 << 20;

  private AgreementCodec() {
  }

  public static byte[] encode(AgreementMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      Plan p;
      if (m instanceof Report r) {
        out.writeByte(r.current() ? TYPE_REPORT : TYPE_STALE_REPORT);
        p = r.last();
      } else if (m instanceof Lease l) {
        out.writeByte(TYPE_LEASE);
        p = new Plan(l.epoch(), l.author(), new TreeMap<>());
      } else if (m instanceof Adopted a) {
        out.writeByte(TYPE_ADOPTED);
        p = new Plan(a.epoch(), a.author(), new TreeMap<>());
      } else {
        out.writeByte(TYPE_PLAN);
        p = (Plan) m;
      }
      out.writeLong(p.epoch());
      out.writeUTF(p.author());
      out.writeInt(p.owners().size());
      for (var e : p.owners().entrySet()) {
        byte[] ip = e.getKey().toBytes();
        out.writeByte(ip.length);
        out.write(ip);
        out.writeUTF(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  public static AgreementMessage decode(byte[] b, int offset, int length) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, offset, length));
    try {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("agreement message version " + version + " is not " + VERSION);
      }
      int type = in.readUnsignedByte();
      if (type < TYPE_PLAN || type > TYPE_STALE_REPORT) {
        throw new IllegalArgumentException("agreement message type " + type
            + " is not Plan (1), Report (2), Lease (3), Adopted (4) or Report of a plan no longer current (5)");
      }
      boolean bare = type == TYPE_LEASE || type == TYPE_ADOPTED; // a plan's name without owners
      long epoch = in.readLong();
      String author = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > MAX_OWNERS || bare && n != 0) {
        throw new IllegalArgumentException("agreement message owner count " + n + " is out of range 0.."
            + (bare ? 0 : MAX_OWNERS));
      }
      TreeMap<IpAddress, String> owners = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        int len = in.readUnsignedByte();
        if (len != 4 && len != 16) {
          throw new IllegalArgumentException("agreement message owner " + i + " has address length " + len + ", not 4 or 16");
        }
        byte[] ip = new byte[len];
        in.readFully(ip);
        owners.put(IpAddress.fromBytes(ip), in.readUTF());
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("agreement message has " + in.available() + " bytes after its last owner");
      }
      Plan p = new Plan(epoch, author, owners);
      if (type == TYPE_LEASE) {
        return new Lease(epoch, author);
      }
      if (type == TYPE_ADOPTED) {
        return new Adopted(epoch, author);
      }
      return type == TYPE_PLAN ? p : new Report(p, type == TYPE_REPORT);
    } catch (EOFException e) {
      throw new IllegalArgumentException("agreement message truncated at " + length + " bytes", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("agreement message unreadable: " + e.getMessage(), e);
    }
  }
}
