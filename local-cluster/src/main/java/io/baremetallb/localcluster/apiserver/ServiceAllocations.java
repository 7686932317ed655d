package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Service holds which cluster IP and node port, kept up to date from the store's changes, so admitting a
 * Service costs the same with ten Services stored as with ten thousand.
 */
final class ServiceAllocations implements ObjectStore.Listener {
    private final Map<String, String> ipOwners = new HashMap<>();
    private final Map<Integer, String> portOwners = new HashMap<>();
    /** Owner → what it holds, so a release does not scan everything. */
    private final Map<String, List<Object>> held = new HashMap<>();

    @Override
    public synchronized void stored(String storageKey, ObjectNode object, long resourceVersion) {
        if (storageKey.equals("services")) {
            String owner = owner(object);
            JsonNode spec = object.path("spec");
            List<Object> mine = new ArrayList<>();
            spec.path("clusterIPs").forEach(ip -> mine.add(ip.asText()));
            spec.path("ports").forEach(p -> {
                if (p.has("nodePort")) {
                    mine.add(p.path("nodePort").asInt());
                }
            });
            if (spec.has("healthCheckNodePort")) {
                mine.add(spec.path("healthCheckNodePort").asInt());
            }
            if (mine.equals(held.get(owner))) {
                return; // a status or metadata change: it holds what it held
            }
            release(owner);
            for (Object o : mine) {
                if (o instanceof String ip) {
                    ipOwners.put(ip, owner);
                } else {
                    portOwners.put((Integer) o, owner);
                }
            }
            held.put(owner, mine);
        }
    }

    @Override
    public synchronized void removed(String storageKey, ObjectNode object, long resourceVersion) {
        if (storageKey.equals("services")) {
            release(owner(object));
        }
    }

    /**
     * What every Service but {@code svc} holds, as sets the allocator may add to: live views of the owner maps
     * (no copy, so admitting one Service does not cost one entry per stored Service). Only valid while the
     * store is locked, as admission is; what the allocator adds stays in the view until the Service is stored.
     */
    ServiceDefaults.InUse heldByOthers(ObjectNode svc) {
        String self = owner(svc);
        return new ServiceDefaults.InUse(new OthersView<>(ipOwners, self), new OthersView<>(portOwners, self));
    }

    /** The keys of {@code owners} held by someone other than {@code self}, plus what was added to the view. */
    private static final class OthersView<K> extends AbstractSet<K> {
        private final Map<K, String> owners;
        private final String self;
        private final Set<K> added = new HashSet<>();

        OthersView(Map<K, String> owners, String self) {
            this.owners = owners;
            this.self = self;
        }

        @Override
        public boolean contains(Object key) {
            String owner = owners.get(key);
            return (owner != null && !owner.equals(self)) || added.contains(key);
        }

        @Override
        public boolean add(K key) {
            return !contains(key) && added.add(key);
        }

        @Override
        public Iterator<K> iterator() {
            return all().iterator();
        }

        @Override
        public int size() {
            return all().size();
        }

        /** A copy of the view (iterating is rare: admission only asks contains and add). */
        private Set<K> all() {
            Set<K> all = new HashSet<>(added);
            owners.forEach((k, owner) -> {
                if (!owner.equals(self)) {
                    all.add(k);
                }
            });
            return all;
        }
    }

    private void release(String owner) {
        for (Object o : held.getOrDefault(owner, List.of())) {
            if (o instanceof String ip) {
                ipOwners.remove(ip, owner);
            } else {
                portOwners.remove(o, owner);
            }
        }
        held.remove(owner);
    }

    private static String owner(ObjectNode svc) {
        JsonNode m = svc.path("metadata");
        return m.path("namespace").asText() + "/" + m.path("name").asText();
    }
}
