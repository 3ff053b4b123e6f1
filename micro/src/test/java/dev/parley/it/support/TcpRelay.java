package dev.parley.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP forwarder between a browser and Parley, standing in for what sits between them in
 * production (a proxy, a load balancer, the network): {@link #cutAll} closes every connection from the
 * relay's side, as a proxy's idle timeout, a restarted load balancer or a network cut does, while the
 * relay goes on accepting new ones. {@link #pause} holds new connections (accepted, not yet forwarded)
 * until {@link #resume}, so a test decides how long the other side stays cut off.
 *
 * <p>Each connection is piped in two threads, one per direction; the relay does not look at the bytes.
 */
public final class TcpRelay implements AutoCloseable {

    /** One connection through the relay: the accepted socket, the one to the target, its directions ended. */
    private record Pipe(Socket client, Socket upstream, AtomicInteger ended) {

        void close() {
            quietly(client);
            quietly(upstream);
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final List<Socket> held = new ArrayList<>(); // guarded by this
    private boolean paused; // guarded by this

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** A relay on a free port of 127.0.0.1 to the host and port of {@code base} (for example a {@link Parley}'s). */
    public static TcpRelay to(URI base) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpRelay relay = new TcpRelay(server, new InetSocketAddress(base.getHost(), base.getPort()));
            daemon("relay-accept-" + server.getLocalPort(), relay::acceptAll).start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relay's address, with the path of nothing: {@code http://127.0.0.1:<port>/}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every connection being forwarded, both its halves; new connections are still accepted. */
    public void cutAll() {
        for (Pipe pipe : pipes) {
            pipes.remove(pipe);
            pipe.close();
        }
    }

    /** From now on new connections are accepted and held, not forwarded, until {@link #resume}. */
    public synchronized void pause() {
        paused = true;
    }

    /** Forwards the held connections and every new one again. */
    public synchronized void resume() {
        paused = false;
        held.forEach(this::forward);
        held.clear();
    }

    /** How many connections wait at the paused relay. */
    public synchronized int held() {
        return held.size();
    }

    /** How many connections are being forwarded now. */
    public int open() {
        return pipes.size();
    }

    @Override
    public void close() {
        quietly(server);
        synchronized (this) {
            held.forEach(TcpRelay::quietly);
            held.clear();
        }
        cutAll();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            synchronized (this) {
                if (paused) {
                    held.add(client);
                } else {
                    forward(client);
                }
            }
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 10_000);
        } catch (IOException refused) {
            quietly(upstream);
            quietly(client);
            return;
        }
        Pipe pipe = new Pipe(client, upstream, new AtomicInteger());
        pipes.add(pipe);
        String name = "relay-" + port() + "-" + client.getPort();
        daemon(name + "-up", () -> copy(pipe, client, upstream)).start();
        daemon(name + "-down", () -> copy(pipe, upstream, client)).start();
    }

    /**
     * Copies one direction until its end. An orderly end (a half close) is passed on as one; an error
     * (a reset, or {@link #cutAll} closing the sockets) closes the whole connection.
     */
    private void copy(Pipe pipe, Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream(); // not closed here: closing a socket's stream closes the socket
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
            if (pipe.ended().incrementAndGet() == 2) {
                pipes.remove(pipe);
                pipe.close();
            }
        } catch (IOException broken) {
            pipes.remove(pipe);
            pipe.close();
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
