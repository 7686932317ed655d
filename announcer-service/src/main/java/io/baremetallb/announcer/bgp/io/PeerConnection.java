package io.baremetallb.announcer.bgp.io;

import io.baremetallb.announcer.bgp.wire.BgpCodec;
import io.baremetallb.announcer.bgp.wire.BgpFramer;
import io.baremetallb.announcer.bgp.wire.BgpMessage;
import io.baremetallb.announcer.bgp.wire.CodecOptions;
import io.baremetallb.announcer.bgp.wire.DecodeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One TCP connection to a peer: framing of the byte stream (as Netty's decoder frames before it
 * parses) and a write queue. Decoding errors propagate as {@code BgpDecodeException}.
 */
final class PeerConnection implements AutoCloseable {
  private final SocketChannel channel;
  private final boolean outgoing;
  // Two maximum-size messages: a whole message always fits behind a partial one after compact().
  private final ByteBuffer in = ByteBuffer.allocate(2 * BgpFramer.MAX_MESSAGE_LENGTH);
  private final Deque<ByteBuffer> out = new ArrayDeque<>();

  PeerConnection(SocketChannel channel, boolean outgoing) {
    this.channel = channel;
    this.outgoing = outgoing;
  }

  SocketChannel channel() {
    return channel;
  }

  boolean outgoing() {
    return outgoing;
  }

  /**
   * Reads what the socket has and returns the complete messages in it.
   *
   * @return empty when the peer closed the connection
   */
  Optional<List<DecodeResult>> read(CodecOptions options) throws IOException {
    int n = channel.read(in);
    List<DecodeResult> messages = new ArrayList<>();
    in.flip();
    try {
      Optional<ByteBuffer> frame;
      while ((frame = BgpFramer.next(in)).isPresent()) {
        messages.add(BgpCodec.decode(frame.get(), options));
      }
    } finally {
      in.compact();
    }
    return n < 0 && messages.isEmpty() ? Optional.empty() : Optional.of(messages);
  }

  void queue(BgpMessage m, CodecOptions options) {
    out.add(ByteBuffer.wrap(BgpCodec.encode(m, options)));
  }

  /**
   * Writes as much as the socket takes, all queued messages in one gathering write (10,000 routes
   * are ~43 UPDATEs: one system call, full TCP segments); true when the queue is empty.
   */
  boolean flush() throws IOException {
    while (!out.isEmpty()) {
      long written = channel.write(out.toArray(ByteBuffer[]::new));
      while (!out.isEmpty() && !out.peek().hasRemaining()) {
        out.poll();
      }
      if (written == 0 && !out.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      flush(); // a NOTIFICATION queued just before closing should still go out
    } catch (IOException e) {
      // The peer is gone already; nothing more to tell it.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a broken socket can fail; it is closed either way.
    }
  }
}
