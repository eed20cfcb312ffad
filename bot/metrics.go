package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus series, served on /metrics. A nil *Metrics
// records nothing, so tests that do not care need not build one.
type Metrics struct {
	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	checkIns     prometheus.Counter
	faqAnswers   *prometheus.CounterVec
	posts        *prometheus.CounterVec
	llmCalls     *prometheus.CounterVec
}

// NewMetrics registers the bot's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_interactions_total",
			Help: "Interactions handled, by command and outcome (ok, user_error, error, panic, busy).",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clubbot_interaction_seconds",
			Help:    "Time from receiving an interaction to its first response being ready.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"command"}),
		checkIns: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clubbot_checkins_total",
			Help: "Check-ins stored (duplicates not counted).",
		}),
		faqAnswers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_faq_answers_total",
			Help: "FAQ questions by result (answered, declined, redflag) and mode (extractive, llm).",
		}, []string{"result", "mode"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_scheduled_posts_total",
			Help: "Scheduled posts by kind and outcome (sent, error).",
		}, []string{"kind", "outcome"}),
		llmCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_llm_calls_total",
			Help: "LLM answer calls by outcome (ok, error); errors fall back to the extractive answer.",
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.interactions, m.latency, m.checkIns, m.faqAnswers, m.posts, m.llmCalls)
	return m
}

// Interaction records one handled interaction.
func (m *Metrics) Interaction(command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.latency.WithLabelValues(command).Observe(took.Seconds())
}

// CheckIn records a stored check-in.
func (m *Metrics) CheckIn() {
	if m != nil {
		m.checkIns.Inc()
	}
}

// FAQAnswer records an FAQ result.
func (m *Metrics) FAQAnswer(result, mode string) {
	if m != nil {
		m.faqAnswers.WithLabelValues(result, mode).Inc()
	}
}

// Post records a scheduled post attempt.
func (m *Metrics) Post(kind, outcome string) {
	if m != nil {
		m.posts.WithLabelValues(kind, outcome).Inc()
	}
}

// LLMCall records an LLM call's outcome; pass it as faq.Config.OnLLM.
func (m *Metrics) LLMCall(outcome string) {
	if m != nil {
		m.llmCalls.WithLabelValues(outcome).Inc()
	}
}
