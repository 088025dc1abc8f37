/*
 * bidbench: a neutral closed- or open-loop load client, the same C code for gaveld's BID and redis's SET,
 * so that the two servers are compared through one client whose own cost is small and equal.
 *
 *   bidbench gavel HOST PORT ADMIN_TOKEN CONNECTIONS SECONDS [RATE]
 *   bidbench redis HOST PORT CONNECTIONS SECONDS [RATE]
 *
 * Each connection keeps one request in flight (closed loop), or, with RATE > 0, requests are sent on a fixed
 * schedule of RATE per second over all connections, at most one in flight per connection (open loop: latency is
 * measured from the scheduled send time, so a stalled server is charged for the queue it causes).
 * For gavel it first creates one verified bidder per connection (at most 100) and opens a round on a fresh
 * handle through ADMIN_TOKEN, then every connection AUTHs and sends `BID <round> <amount>`.
 * It prints one line: `requests=N seconds=S per_second=R p50_ms=.. p99_ms=.. p999_ms=.. max_ms=.. errors=E`.
 * Loopback only; the run ends after SECONDS whatever the server does.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MAX_CONNECTIONS = 4096, READ_BUFFER_BYTES = 65536, MAX_SAMPLES = 20000000, MAX_BIDDERS = 100 };

typedef struct {
    int fd;
    int inFlight;
    uint64_t sentAtNs;
    char buffer[READ_BUFFER_BYTES];
    size_t bufferedBytes;
} Connection;

static int isRedis;
static uint64_t *latencySamplesNs;
static size_t sampleCount;
static uint64_t errorCount;
static long roundID;
static char bidderTokens[MAX_BIDDERS][128];
static int bidderCount;

static uint64_t nowNs(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "bidbench: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

static int connectTo(const char *host, int port) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) die("host must be an IPv4 address");
    if (strncmp(host, "127.", 4) != 0) {
        errno = 0;
        die("loopback addresses only");
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Blocking: sends a line and returns the first reply line that is not an event ("* ..."), rows skipped. */
static void request(int fd, const char *line, char *reply, size_t replyBytes) {
    if (write(fd, line, strlen(line)) != (ssize_t)strlen(line)) die("write");
    size_t used = 0;
    for (;;) {
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n <= 0) die("read during set-up");
        if (c != '\n') {
            if (used + 1 < replyBytes) reply[used++] = c;
            continue;
        }
        reply[used] = 0;
        if (strncmp(reply, "OK", 2) == 0 || strncmp(reply, "ERR", 3) == 0) return;
        used = 0;
    }
}

static const char *fieldValue(const char *reply, const char *key) {
    static char value[256];
    const char *at = strstr(reply, key);
    if (!at) return NULL;
    at += strlen(key);
    size_t n = strcspn(at, " \r");
    if (n >= sizeof value) n = sizeof value - 1;
    memcpy(value, at, n);
    value[n] = 0;
    return value;
}

static void setUpAuction(const char *host, int port, const char *adminToken, int connections) {
    char line[512], reply[4096];
    int fd = connectTo(host, port);
    snprintf(line, sizeof line, "AUTH %s\n", adminToken);
    request(fd, line, reply, sizeof reply);
    if (strncmp(reply, "OK", 2) != 0) {
        fprintf(stderr, "bidbench: AUTH as auctioneer: %s\n", reply);
        exit(1);
    }
    unsigned runTag = (unsigned)(nowNs() % 1000000007ull);
    bidderCount = connections < MAX_BIDDERS ? connections : MAX_BIDDERS;
    for (int i = 0; i < bidderCount; i++) {
        snprintf(line, sizeof line, "BIDDER ADD bb-%u-%d verified=yes\n", runTag, i);
        request(fd, line, reply, sizeof reply);
        const char *token = fieldValue(reply, "token=");
        if (!token) {
            fprintf(stderr, "bidbench: BIDDER ADD: %s\n", reply);
            exit(1);
        }
        snprintf(bidderTokens[i], sizeof bidderTokens[i], "%s", token);
    }
    snprintf(line, sizeof line, "OPEN @bb%u reserve=10000.00 duration=1h\n", runTag);
    request(fd, line, reply, sizeof reply);
    const char *round = fieldValue(reply, "round=");
    if (!round) {
        fprintf(stderr, "bidbench: OPEN: %s\n", reply);
        exit(1);
    }
    roundID = atol(round);
    close(fd);
}

static void sendRequest(Connection *connection, uint64_t sequence, uint64_t scheduledNs) {
    char line[160];
    int length;
    if (isRedis) {
        char key[32], value[32];
        int keyLength = snprintf(key, sizeof key, "key:%llu", (unsigned long long)(sequence % 100000));
        int valueLength = snprintf(value, sizeof value, "%llu", (unsigned long long)(1000000 + sequence));
        length = snprintf(line, sizeof line, "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", keyLength, key,
                          valueLength, value);
    } else {
        uint64_t cents = 1000000 + sequence % 9000000;
        length = snprintf(line, sizeof line, "BID %ld %llu.%02llu\n", roundID, (unsigned long long)(cents / 100),
                          (unsigned long long)(cents % 100));
    }
    if (write(connection->fd, line, (size_t)length) != length) die("write");
    connection->inFlight = 1;
    connection->sentAtNs = scheduledNs;
}

/* Consumes whole reply lines; returns how many requests they completed. */
static int consumeReplies(Connection *connection) {
    int completed = 0;
    size_t start = 0;
    for (size_t i = 0; i < connection->bufferedBytes; i++) {
        if (connection->buffer[i] != '\n') continue;
        const char *line = connection->buffer + start;
        size_t lineBytes = i + 1 - start;
        start = i + 1;
        if (isRedis) {
            if (line[0] == '-') errorCount++;
            completed++;
        } else if (lineBytes >= 2 && line[0] == '*' && line[1] == ' ') {
            continue;
        } else if (strncmp(line, "OK", 2) == 0 || strncmp(line, "ERR", 3) == 0) {
            if (line[0] == 'E') errorCount++;
            completed++;
        }
    }
    memmove(connection->buffer, connection->buffer + start, connection->bufferedBytes - start);
    connection->bufferedBytes -= start;
    return completed;
}

static int compareSamples(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double percentileMs(double fraction) {
    if (sampleCount == 0) return 0;
    size_t index = (size_t)(fraction * (double)(sampleCount - 1));
    return (double)latencySamplesNs[index] / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bidbench gavel HOST PORT ADMIN_TOKEN CONNECTIONS SECONDS [RATE]\n"
                        "       bidbench redis HOST PORT CONNECTIONS SECONDS [RATE]\n");
        return 2;
    }
    isRedis = strcmp(argv[1], "redis") == 0;
    int fixed = isRedis ? 6 : 7;
    if (argc != fixed && argc != fixed + 1) {
        fprintf(stderr, "bidbench: wrong number of arguments\n");
        return 2;
    }
    const char *host = argv[2];
    int port = atoi(argv[3]);
    const char *adminToken = isRedis ? NULL : argv[4];
    int connections = atoi(argv[fixed - 2]);
    double seconds = atof(argv[fixed - 1]);
    double rate = argc == fixed + 1 ? atof(argv[fixed]) : 0;
    if (connections < 1 || connections > MAX_CONNECTIONS || seconds <= 0 || seconds > 600 || rate < 0) {
        fprintf(stderr, "bidbench: connections 1..%d, seconds 0..600, rate >= 0\n", MAX_CONNECTIONS);
        return 2;
    }
    latencySamplesNs = malloc(sizeof(uint64_t) * MAX_SAMPLES);
    Connection *pool = calloc((size_t)connections, sizeof(Connection));
    if (!latencySamplesNs || !pool) die("malloc");
    if (!isRedis) setUpAuction(host, port, adminToken, connections);

    int epoll = epoll_create1(0);
    for (int i = 0; i < connections; i++) {
        pool[i].fd = connectTo(host, port);
        if (!isRedis) {
            char line[256], reply[1024];
            snprintf(line, sizeof line, "AUTH %s\n", bidderTokens[i % bidderCount]);
            request(pool[i].fd, line, reply, sizeof reply);
            if (strncmp(reply, "OK", 2) != 0) {
                fprintf(stderr, "bidbench: AUTH as bidder: %s\n", reply);
                return 1;
            }
        }
        struct epoll_event event = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, pool[i].fd, &event) != 0) die("epoll_ctl");
    }

    uint64_t startNs = nowNs(), endNs = startNs + (uint64_t)(seconds * 1e9), sequence = 0;
    uint64_t intervalNs = rate > 0 ? (uint64_t)(1e9 / rate) : 0, nextSendNs = startNs;
    int nextConnection = 0;
    if (rate == 0)
        for (int i = 0; i < connections; i++) sendRequest(&pool[i], sequence++, nowNs());
    struct epoll_event events[256];
    while (nowNs() < endNs) {
        if (rate > 0) {
            /* Send everything that is due on connections that are free; a due request waits for a free one. */
            for (int tries = 0; nextSendNs <= nowNs() && tries < connections; tries++) {
                Connection *c = &pool[nextConnection];
                nextConnection = (nextConnection + 1) % connections;
                if (c->inFlight) continue;
                sendRequest(c, sequence++, nextSendNs);
                nextSendNs += intervalNs;
                tries = -1;
            }
        }
        /* Wake for the next due send, or for a reply when everything due waits for a free connection. */
        uint64_t nowAtWaitNs = nowNs(), wakeNs = endNs;
        if (rate > 0 && nextSendNs > nowAtWaitNs && nextSendNs < wakeNs) wakeNs = nextSendNs;
        uint64_t waitNs = wakeNs > nowAtWaitNs ? wakeNs - nowAtWaitNs : 0;
        if (waitNs > 100000000) waitNs = 100000000;
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = (long)waitNs};
        int ready = epoll_pwait2(epoll, events, 256, &timeout, NULL);
        if (ready < 0 && errno != EINTR) die("epoll_pwait2");
        for (int e = 0; e < ready; e++) {
            Connection *c = &pool[events[e].data.u32];
            ssize_t n = read(c->fd, c->buffer + c->bufferedBytes, READ_BUFFER_BYTES - c->bufferedBytes);
            if (n <= 0) die("read: the server closed a connection");
            c->bufferedBytes += (size_t)n;
            int completed = consumeReplies(c);
            if (completed == 0) continue;
            uint64_t doneNs = nowNs();
            if (sampleCount < MAX_SAMPLES) latencySamplesNs[sampleCount++] = doneNs - c->sentAtNs;
            c->inFlight = 0;
            if (rate == 0 && doneNs < endNs) sendRequest(c, sequence++, doneNs);
        }
    }
    double elapsedSeconds = (double)(nowNs() - startNs) / 1e9;
    qsort(latencySamplesNs, sampleCount, sizeof(uint64_t), compareSamples);
    printf("requests=%zu seconds=%.2f per_second=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f errors=%llu\n",
           sampleCount, elapsedSeconds, (double)sampleCount / elapsedSeconds, percentileMs(0.5), percentileMs(0.99),
           percentileMs(0.999), percentileMs(1.0), (unsigned long long)errorCount);
    return 0;
}
