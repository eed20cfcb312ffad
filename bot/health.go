package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// HealthHandler serves /healthz: the database answers and the state of the
// Discord connection. It is 200 when the database answers (sqlite.DB's Ping
// also fails from a write that failed for want of storage, a full disk,
// until a write succeeds again) and Discord is not disconnected, 503
// otherwise, so an orchestrator can restart a stuck bot.
func HealthHandler(db interface{ Ping(context.Context) error }, discord func() string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		body := map[string]string{"database": "ok", "discord": discord()}
		status := http.StatusOK
		if err := db.Ping(ctx); err != nil {
			body["database"] = "error"
			status = http.StatusServiceUnavailable
		}
		if body["discord"] == "disconnected" {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})
}
