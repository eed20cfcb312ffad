package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthTimeout bounds `clubbot health`; container health checks allow ~3 s.
const healthTimeout = 2 * time.Second

// runHealth asks the running bot's /healthz on CLUBBOT_METRICS_ADDR and
// exits 0 only when it answers 200, so a container's HEALTHCHECK needs no
// shell or curl.
func runHealth(ctx context.Context, args []string, e env) error {
	if len(args) != 0 {
		return usageError("health: takes no arguments; it asks /healthz on CLUBBOT_METRICS_ADDR")
	}
	c, err := loadConfig(e.getenv, "health")
	if err != nil {
		return err
	}
	if c.MetricsAddr == "" {
		return exitError{code: 1, err: fmt.Errorf("CLUBBOT_METRICS_ADDR is off: there is no /healthz to ask")}
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := "http://" + dialAddr(c.MetricsAddr) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return exitError{code: 1, err: fmt.Errorf("health: %w", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return exitError{code: 1, err: fmt.Errorf("health: %s: no answer: %w", url, err)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	text := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return exitError{code: 1, err: fmt.Errorf("health: unhealthy: %s %s", resp.Status, text)}
	}
	fmt.Fprintln(e.stdout, text)
	return nil
}

// dialAddr turns a listen address into one to connect to: a listener on
// every interface (":9090", "0.0.0.0:9090", "[::]:9090") is asked on loopback.
func dialAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
