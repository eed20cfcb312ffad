package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"clubbot/bot"
	"clubbot/store"
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

	db, err := store.Open(ctx, c.DB)
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
	errc := make(chan error, 3)

	var srv *http.Server
	if c.HTTPAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /healthz", bot.HealthHandler(db, func() string { return discordState.Load().(string) }))
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
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
			mux.Handle("/interactions", b.HTTPHandler(key))
		}
		ln, err := net.Listen("tcp", c.HTTPAddr)
		if err != nil {
			return fmt.Errorf("CLUBBOT_HTTP_ADDR: listen on %s: %w", c.HTTPAddr, err)
		}
		srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		log.Info("http listening", "addr", ln.Addr().String())
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("http server: %w", err)
			}
		}()
	}

	sched := &bot.Scheduler{Bot: b, Sender: sender, Shard: c.Shard}
	b.DailyPost = sched
	go func() {
		if err := sched.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
			errc <- fmt.Errorf("scheduler: %w", err)
		}
	}()

	if !httpMode {
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
	if srv != nil {
		sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
		if serr := srv.Shutdown(sctx); serr != nil {
			log.Error("http shutdown", "err", serr)
		}
		scancel()
	}
	b.Wait(shutdownGrace)
	log.Info("stopped")
	return err
}
