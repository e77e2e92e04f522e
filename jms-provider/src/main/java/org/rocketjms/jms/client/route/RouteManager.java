package org.rocketjms.jms.client.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.internal.OutageLog;
import org.rocketjms.remoting.RemotingClient;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.TopicConfigHeader;
import org.rocketjms.remoting.protocol.broker.TopicRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicPerm;
import org.rocketjms.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's route cache: topic → {@link TopicRoute}, fetched from the name servers on first use and refreshed
 * by {@link #refreshAll()} (called periodically by the client instance) or {@link #refresh(String)} (after a send
 * failure or TOPIC_NOT_EXIST). Name servers are tried in turn; the one that answered is used first next time.
 *
 * <p>For a topic the name server does not know yet, {@link #routeOrProvisional(String)} builds a provisional
 * route from the cluster information (every master broker, with the topic's queues if a broker already has it,
 * else queue 0 where the broker auto-creates the topic on the first send). Provisional routes are looked up again
 * after {@link #PROVISIONAL_TTL_MILLIS}.
 *
 * <p>Thread-safe. Route lookups block on network calls only when the cache misses.
 */
public final class RouteManager {

    /** How long a provisional route is used before the name server is asked again. */
    public static final long PROVISIONAL_TTL_MILLIS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(RouteManager.class);

    private final RemotingClient remoting;
    private final List<String> namesrvAddrs;
    private final long timeoutMillis;
    private final ConcurrentHashMap<String, TopicRoute> routes = new ConcurrentHashMap<>();
    private final AtomicInteger namesrvIndex = new AtomicInteger();
    private final OutageLog outages = new OutageLog(LOG);
    private volatile ClusterInfo clusterInfo;

    /**
     * @param remoting      the client's remoting client
     * @param namesrvAddrs  name server addresses
     * @param timeoutMillis timeout of one name server or broker request
     */
    public RouteManager(RemotingClient remoting, List<String> namesrvAddrs, long timeoutMillis) {
        this.remoting = remoting;
        this.namesrvAddrs = List.copyOf(namesrvAddrs);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends a request to the name servers, trying each in turn until one answers.
     *
     * @throws ClientException with {@link ClientException#BROKER_UNREACHABLE} if none answered
     */
    public RemotingCommand invokeNamesrv(RemotingCommand request) throws ClientException, InterruptedException {
        int n = namesrvAddrs.size();
        int start = Math.floorMod(namesrvIndex.get(), n);
        RemotingException last = null;
        for (int i = 0; i < n; i++) {
            int idx = (start + i) % n;
            String addr = namesrvAddrs.get(idx);
            try {
                RemotingCommand copy = copyOf(request);
                RemotingCommand resp = remoting.invokeSync(addr, copy, timeoutMillis);
                namesrvIndex.set(idx);
                outages.success(addr, "name server " + addr);
                return resp;
            } catch (RemotingException e) {
                outages.failure(addr, "request to name server " + addr, e);
                last = e;
            }
        }
        throw new ClientException(ClientException.BROKER_UNREACHABLE, "no name server of " + namesrvAddrs
                + " answered: " + last, last);
    }

    private static RemotingCommand copyOf(RemotingCommand request) {
        RemotingCommand c = RemotingCommand.createRequest(request.getCode());
        if (request.getExtFields() != null) {
            c.setExtFields(new HashMap<>(request.getExtFields()));
        }
        c.setBody(request.getBody());
        return c;
    }

    /** The cached route of {@code topic}, fetching it on a miss; null if the name servers do not know it. */
    public TopicRoute get(String topic) throws ClientException, InterruptedException {
        TopicRoute r = routes.get(topic);
        if (r != null && !(r.isProvisional() && expired(r))) {
            return r;
        }
        TopicRoute fresh = refresh(topic);
        if (fresh == null && r != null && r.isProvisional()) {
            return null;
        }
        return fresh;
    }

    private static boolean expired(TopicRoute r) {
        return System.currentTimeMillis() - r.createdAt() >= PROVISIONAL_TTL_MILLIS;
    }

    /** The cached route without any network call, or null. */
    public TopicRoute cached(String topic) {
        return routes.get(topic);
    }

    /**
     * Fetches the route of {@code topic} from the name servers now and caches it.
     *
     * @return the fresh route; if the name servers do not know the topic, the last real route if there is one
     *         (its brokers may be restarting), else null
     * @throws ClientException if no name server answered (the cached route, if any, stays)
     */
    public TopicRoute refresh(String topic) throws ClientException, InterruptedException {
        RemotingCommand req = RemotingCommand.createRequest(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC,
                new GetRouteInfoRequestHeader(topic));
        RemotingCommand resp = invokeNamesrv(req);
        if (resp.getCode() == NamesrvResponseCode.TOPIC_NOT_EXIST) {
            TopicRoute old = routes.get(topic);
            if (old != null && !old.isProvisional()) {
                // typically its brokers are restarting and not registered again yet: a stale route does no harm
                // (a send to a broker without the topic is answered with TOPIC_NOT_EXIST or auto-creates it)
                LOG.debug("the name servers do not know topic {} at the moment; keeping its last route", topic);
                return old;
            }
            if (old != null && expired(old)) {
                routes.remove(topic, old);
            }
            return null;
        }
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), "route lookup of topic " + topic + " failed: " + resp.getRemark());
        }
        TopicRouteData data;
        try {
            data = TopicRouteData.decode(resp.getBody());
        } catch (RemotingCommandException e) {
            throw new ClientException(ClientException.BAD_RESPONSE, "malformed route of topic " + topic + ": "
                    + e.getMessage(), e);
        }
        TopicRoute old = routes.get(topic);
        if (old != null && !old.isProvisional() && old.data().equals(data)) {
            return old;
        }
        TopicRoute fresh = new TopicRoute(topic, data, false);
        routes.put(topic, fresh);
        LOG.debug("route of {} is now {}", topic, fresh);
        return fresh;
    }

    /**
     * The route of {@code topic}, or a provisional one built from the cluster information when the name servers
     * do not know the topic yet (so the first send can auto-create it).
     *
     * @throws ClientException with {@link ClientException#NO_ROUTE} if no broker is known at all
     */
    public TopicRoute routeOrProvisional(String topic) throws ClientException, InterruptedException {
        TopicRoute r = get(topic);
        if (r != null) {
            return r;
        }
        TopicRoute cachedProvisional = routes.get(topic);
        if (cachedProvisional != null && cachedProvisional.isProvisional() && !expired(cachedProvisional)) {
            return cachedProvisional;
        }
        ClusterInfo ci = fetchClusterInfo();
        List<QueueData> queues = new ArrayList<>();
        List<BrokerData> brokers = new ArrayList<>();
        for (BrokerData b : ci.brokerAddrTable().values()) {
            String master = b.masterAddr();
            if (master == null) {
                continue;
            }
            brokers.add(b);
            TopicConfigHeader tc = topicConfig(master, topic);
            if (tc != null) {
                queues.add(new QueueData(b.brokerName(), tc.readQueueNums(), tc.writeQueueNums(), tc.perm()));
            } else {
                queues.add(new QueueData(b.brokerName(), 1, 1, TopicPerm.READ_WRITE));
            }
        }
        if (brokers.isEmpty()) {
            throw new ClientException(ClientException.NO_ROUTE, "no broker is registered with the name servers "
                    + namesrvAddrs + ", so topic " + topic + " cannot be reached");
        }
        TopicRoute p = new TopicRoute(topic, new TopicRouteData(queues, brokers), true);
        routes.put(topic, p);
        LOG.debug("using provisional route {} until the name servers know topic {}", p, topic);
        return p;
    }

    private TopicConfigHeader topicConfig(String brokerAddr, String topic) throws InterruptedException {
        try {
            RemotingCommand resp = remoting.invokeSync(brokerAddr, RemotingCommand.createRequest(
                    BrokerRequestCode.GET_TOPIC_CONFIG, new TopicRequestHeader(topic)), timeoutMillis);
            if (resp.getCode() == ResponseCode.SUCCESS) {
                return resp.decodeHeader(TopicConfigHeader::decode);
            }
            return null;
        } catch (RemotingException e) {
            LOG.debug("cannot read the configuration of topic {} from broker {}", topic, brokerAddr, e);
            return null;
        }
    }

    /** Fetches every broker and cluster from the name servers (and caches it for address lookups). */
    public ClusterInfo fetchClusterInfo() throws ClientException, InterruptedException {
        RemotingCommand resp = invokeNamesrv(RemotingCommand.createRequest(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO));
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), "cluster lookup failed: " + resp.getRemark());
        }
        try {
            ClusterInfo ci = ClusterInfo.decode(resp.getBody());
            clusterInfo = ci;
            return ci;
        } catch (RemotingCommandException e) {
            throw new ClientException(ClientException.BAD_RESPONSE, "malformed cluster information: " + e.getMessage(), e);
        }
    }

    /**
     * Refreshes every cached topic.
     *
     * @return the topics whose route changed
     */
    public List<String> refreshAll() throws InterruptedException {
        List<String> changed = new ArrayList<>();
        for (String topic : new ArrayList<>(routes.keySet())) {
            TopicRoute before = routes.get(topic);
            try {
                TopicRoute after = refresh(topic);
                if (!Objects.equals(before == null ? null : before.data(), after == null ? null : after.data())) {
                    changed.add(topic);
                }
            } catch (ClientException e) {
                LOG.debug("refreshing the route of {} failed", topic, e);
            }
        }
        return changed;
    }

    /** The master address of {@code brokerName} from any cached route or the cluster information, or null. */
    public String brokerAddr(String brokerName) {
        for (TopicRoute r : routes.values()) {
            String a = r.masterAddr(brokerName);
            if (a != null) {
                return a;
            }
        }
        ClusterInfo ci = clusterInfo;
        if (ci != null) {
            BrokerData b = ci.brokerAddrTable().get(brokerName);
            if (b != null) {
                return b.masterAddr();
            }
        }
        return null;
    }

    /** Master addresses of every broker this client knows, by broker name. */
    public Map<String, String> knownBrokers() {
        Map<String, String> out = new HashMap<>();
        ClusterInfo ci = clusterInfo;
        if (ci != null) {
            for (BrokerData b : ci.brokerAddrTable().values()) {
                if (b.masterAddr() != null) {
                    out.put(b.brokerName(), b.masterAddr());
                }
            }
        }
        for (TopicRoute r : routes.values()) {
            out.putAll(r.masterAddrs());
        }
        return out;
    }

    /** Every cached topic. */
    public Set<String> topics() {
        return new LinkedHashSet<>(routes.keySet());
    }

    /** The name server addresses. */
    public List<String> namesrvAddrs() {
        return namesrvAddrs;
    }
}
