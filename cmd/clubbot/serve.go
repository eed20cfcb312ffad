package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"clubbot/bot"
)

// shutdownGrace is how long in-flight interactions get to finish on SIGTERM.
const shutdownGrace = 10 * time.Second

// runBot runs the bot until ctx ends: over the gateway (run) or as an HTTP
// interactions endpoint (serve). Both run the scheduled posts.
func runBot(ctx context.Context, e env, httpMode bool) error {
	mode := "run"
	if httpMode {
		mode = "serve"
	}
	c, err := loadConfig(e.getenv, mode)
	if err != nil {
		return err
	}
	log := e.logger().With("mode", mode)
	log.Info("starting clubbot", "config", c.String())

	db, err := openStore(ctx, c)
	if err != nil {
		return fmt.Errorf("CLUBBOT_DB: %w", err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := bot.NewMetrics(reg)
	eng, err := newFAQ(ctx, c, e, metrics.LLMCall)
	if err != nil {
		return err
	}
	session, err := bot.NewSession(c.Token, c.APIURL)
	if err != nil {
		return err
	}
	session.ShardID, session.ShardCount = c.Shard.ID, c.Shard.Count
	// Scheduled posts go through their own paced session, so they never
	// hold up interaction callbacks on this one.
	sender, err := bot.NewSender(session, c.SendRate)
	if err != nil {
		return fmt.Errorf("CLUBBOT_SEND_RATE: %w", err)
	}
	b := &bot.Bot{
		Store:   db,
		FAQ:     eng,
		REST:    session,
		Now:     time.Now,
		Log:     log,
		Metrics: metrics,
	}
	if err := b.LoadFAQEntries(ctx); err != nil {
		return err
	}

	// Discord connection state for /healthz.
	var discordState atomic.Value
	discordState.Store("connecting")
	if httpMode {
		discordState.Store("http")
	} else {
		session.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { discordState.Store("connected") })
		session.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { discordState.Store("connected") })
		session.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { discordState.Store("disconnected") })
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 4)
	var servers []*http.Server
	serve := func(name, addrVar string, srv *http.Server, ln net.Listener) {
		servers = append(servers, srv)
		log.Info(name+" listening", "addr", ln.Addr().String())
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("%s (%s): %w", name, addrVar, err)
			}
		}()
	}
	if httpMode {
		key, err := bot.ParsePublicKey(c.PublicKey)
		if err != nil {
			return err
		}
		me, err := session.User("@me", discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("DISCORD_TOKEN: cannot read the bot user: %w", err)
		}
		b.AppID = me.ID
		mux := http.NewServeMux()
		mux.Handle("/interactions", b.HTTPHandler(key))
		ln, err := net.Listen("tcp", c.HTTPAddr)
		if err != nil {
			return fmt.Errorf("CLUBBOT_HTTP_ADDR: listen on %s: %w", c.HTTPAddr, err)
		}
		serve("interactions", "CLUBBOT_HTTP_ADDR", bot.NewInteractionsServer(mux), bot.LimitListener(ln, bot.MaxConnections()))
	} else if c.HTTPAddr != "" {
		log.Warn("CLUBBOT_HTTP_ADDR is only used by serve; /healthz and /metrics are on CLUBBOT_METRICS_ADDR", "metrics_addr", c.MetricsAddr)
	}

	// /healthz comes up last, so a probe that finds it healthy finds the
	// interactions endpoint listening too.
	if c.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /healthz", bot.HealthHandler(db, func() string { return discordState.Load().(string) }))
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		ln, err := net.Listen("tcp", c.MetricsAddr)
		if err != nil {
			return fmt.Errorf("CLUBBOT_METRICS_ADDR: listen on %s: %w", c.MetricsAddr, err)
		}
		serve("metrics", "CLUBBOT_METRICS_ADDR", &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}, ln)
	}

	sched := &bot.Scheduler{Bot: b, Sender: sender, Shard: c.Shard, Lease: c.PostLease}
	b.DailyPost = sched
	go func() {
		if err := sched.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
			errc <- fmt.Errorf("scheduler: %w", err)
		}
	}()

	if !httpMode {
		syncCommands(ctx, log, session, c.GuildID)
		go func() {
			if err := b.RunGateway(runCtx, session); err != nil && !errors.Is(err, context.Canceled) {
				errc <- fmt.Errorf("gateway: %w", err)
				return
			}
			errc <- nil
		}()
	}

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err = <-errc:
		if err != nil {
			log.Error("stopping", "err", err)
		}
	}
	cancel()
	sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
	for _, srv := range servers {
		if serr := srv.Shutdown(sctx); serr != nil {
			log.Error("http shutdown", "err", serr)
		}
	}
	scancel()
	b.Wait(shutdownGrace)
	log.Info("stopped")
	return err
}

// syncCommands registers the slash commands when Discord's differ from
// ours (SPEC 2). A failure is logged, not fatal: the bot still answers the
// commands Discord already has.
func syncCommands(ctx context.Context, log *slog.Logger, s *discordgo.Session, guildID string) {
	me, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		log.Error("register commands: who am I (check DISCORD_TOKEN)", "err", err)
		return
	}
	wrote, err := bot.SyncCommands(ctx, s, me.ID, guildID)
	switch {
	case err != nil:
		log.Error("register commands", "err", err)
	case wrote:
		log.Info("registered commands: they differed from Discord's", "commands", len(bot.Commands()), "guild", guildID)
	default:
		log.Info("commands unchanged on Discord", "commands", len(bot.Commands()), "guild", guildID)
	}
}
