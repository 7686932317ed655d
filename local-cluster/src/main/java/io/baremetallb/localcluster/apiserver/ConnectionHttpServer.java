package io.baremetallb.localcluster.apiserver;

import com.sun.net.httpserver.HttpHandler;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's HTTP/1.1 transport: one thread per connection, which reads a request, runs the handler and
 * writes the answer on that thread, then waits for the connection's next request (keep-alive).
 *
 * <p>It replaces the JDK's {@code com.sun.net.httpserver} server, whose dispatcher thread hands every request of
 * a kept-alive connection to a worker and back through a selector: a wake-up, a re-registration and two thread
 * switches per request, which cost the embedded API server about as much CPU as serving a Service create.
 * Clients of an API server keep few connections open for long (an informer's watch, one pooled connection for
 * writes), so a thread each is cheap. The handlers still see {@link com.sun.net.httpserver.HttpExchange}
 * ({@link ConnectionExchange}), so nothing above the transport changed.
 */
final class ConnectionHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConnectionHttpServer.class.getName());
    private final ServerSocket listener;
    private final ThreadFactory threads;
    private volatile HttpHandler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Binds (port 0 for an ephemeral one); connections are served once {@link #start} is called. */
    ConnectionHttpServer(InetSocketAddress address, int backlog, ThreadFactory threads) throws IOException {
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, backlog);
        this.threads = threads;
    }

    int port() {
        return listener.getLocalPort();
    }

    void start(HttpHandler requests) {
        this.handler = requests;
        Thread accept = threads.newThread(this::acceptLoop);
        accept.start();
    }

    private void acceptLoop() {
        while (!stopped) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, "accepting a connection failed; the API server stops listening", e);
                }
                return;
            }
            open.add(s);
            if (stopped) {
                closeQuietly(s);
                return;
            }
            threads.newThread(() -> serve(s)).start();
        }
    }

    /** Serves one connection's requests in turn until it closes, a request asks to close, or the server stops. */
    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new ConnectionInput(s.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            InetSocketAddress local = (InetSocketAddress) s.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) s.getRemoteSocketAddress();
            while (!stopped) {
                ConnectionExchange ex;
                try {
                    HttpRequestHead head = HttpRequestHead.read(in);
                    if (head == null) {
                        return; // the client closed between requests
                    }
                    ex = new ConnectionExchange(head, in, out, local, remote, s);
                } catch (HttpRequestHead.BadRequest e) {
                    ConnectionExchange.refuse(out, e.status(), e.getMessage());
                    return;
                }
                try {
                    handler.handle(ex);
                } finally {
                    ex.close();
                }
                if (!ex.connectionReusable()) {
                    return;
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.FINEST, "connection ended", e); // reset by the client, or closed by stop()
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.FINE, "connection ended by an error", e);
            }
        } finally {
            open.remove(s);
        }
    }

    /** Stops accepting and closes every connection, which ends the threads serving them. */
    @Override
    public void close() {
        stopped = true;
        closeQuietly(listener);
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINEST, "closing", e);
        }
    }
}
