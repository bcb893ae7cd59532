// Package web is brink's local dashboard (brink serve): the catalog of kept
// runs, a run's report, a scenario editor that checks the text as it is typed,
// runs launched from it with live progress, and a trace viewer. Pages are
// rendered on the server from embedded templates; a small embedded script
// adds checking as you type and the live progress (server-sent events).
//
// It is meant for one person on their own machine: it binds loopback unless
// told otherwise, accepts only requests addressed to a loopback name or an
// address it was told of (against DNS rebinding), refuses cross-origin
// writes, limits request bodies and concurrent runs, and never builds a path
// from what a request says: runs are found by their id in the catalog.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"brink/results"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure a Server.
type Options struct {
	// Catalog is the path of the run catalog (results.CatalogPath() if
	// empty); RunsRoot is where runs launched from the dashboard are kept
	// (results.RunsRoot() if empty).
	Catalog, RunsRoot string
	// Report writes the report of the results directory dir as an HTML
	// document (it is shown in a frame of the run's page).
	Report func(w io.Writer, dir string) error
	// MaxRuns is how many runs may go at once (default 2); MaxTrajectories
	// the most one run launched from the dashboard may ask for (default
	// 1,000,000); Workers the goroutines of each run (0: GOMAXPROCS).
	MaxRuns         int
	MaxTrajectories int64
	Workers         int
	// MaxBody limits request bodies (default 1 MiB).
	MaxBody int64
	// MaxHeavy is how many expensive requests (trace, report, validate) are
	// served at once (default 2); the others wait their turn, holding
	// little memory, so 50 concurrent traces cost what 2 do.
	MaxHeavy int
	// Hosts are host names, besides loopback ones and IP addresses, that
	// requests may be addressed to (the Host header): the names of this
	// machine when the dashboard is reachable from others.
	Hosts []string
	// Logf, if set, receives a line for each run started and finished and
	// for each failure.
	Logf func(format string, args ...any)
}

// Server is the dashboard. Make it with New; serve it with Serve (or its
// Handler) and Close it to stop the runs it launched, keeping their partial
// results.
type Server struct {
	opt   Options
	pages map[string]*template.Template
	mux   *http.ServeMux
	jobs  jobs
	// runCtx is the parent of every run: cancelled by Close.
	runCtx   context.Context
	stopRuns context.CancelFunc
	runs     sync.WaitGroup
	// heavy holds a token for each expensive request being served.
	heavy chan struct{}
}

// New makes a dashboard.
func New(opt Options) (*Server, error) {
	if opt.Catalog == "" {
		opt.Catalog = results.CatalogPath()
	}
	if opt.RunsRoot == "" {
		opt.RunsRoot = results.RunsRoot()
	}
	if opt.Report == nil {
		return nil, errors.New("web: Options.Report is required")
	}
	if opt.MaxRuns <= 0 {
		opt.MaxRuns = 2
	}
	if opt.MaxTrajectories <= 0 {
		opt.MaxTrajectories = 1_000_000
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 1 << 20
	}
	if opt.MaxHeavy <= 0 {
		opt.MaxHeavy = 2
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	s := &Server{opt: opt, pages: map[string]*template.Template{}, heavy: make(chan struct{}, opt.MaxHeavy)}
	s.runCtx, s.stopRuns = context.WithCancel(context.Background())
	s.jobs.byID = map[string]*job{}
	for _, p := range []string{"catalog", "run", "editor", "job", "trace", "error", "discover"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html")
		if err != nil {
			return nil, err
		}
		s.pages[p] = t
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.catalog)
	m.HandleFunc("GET /runs/{id}", s.run)
	m.HandleFunc("GET /runs/{id}/report", s.limited(s.report))
	m.HandleFunc("GET /runs/{id}/discover", s.limited(s.discoverPage))
	m.HandleFunc("GET /experiments/{name}/report", s.limited(s.experimentReport))
	m.HandleFunc("GET /edit", s.limited(s.editor))
	m.HandleFunc("POST /validate", s.limited(s.validate))
	m.HandleFunc("POST /validate-record", s.limited(s.validateRecord))
	m.HandleFunc("POST /jobs", s.launch)
	m.HandleFunc("GET /jobs/{id}", s.job)
	m.HandleFunc("GET /jobs/{id}/events", s.events)
	m.HandleFunc("GET /jobs/{id}/report", s.limited(s.jobReport))
	m.HandleFunc("POST /jobs/{id}/cancel", s.cancel)
	m.HandleFunc("GET /trace", s.limited(s.trace))
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	// Pages without a link to the icon (a report opened on its own) make
	// the browser ask for this one.
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	s.mux = m
	return s, nil
}

// Handler is the dashboard's HTTP handler, with its checks in front.
func (s *Server) Handler() http.Handler {
	return s.guard(http.NewCrossOriginProtection().Handler(s.mux))
}

// guard turns away requests addressed to a name the dashboard does not
// answer to (DNS rebinding), limits bodies and sets headers that keep pages
// from being framed or scripted by others.
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			http.Error(w, "brink serve: this dashboard does not answer to the host "+r.Host+" (open it at the address brink serve printed)", http.StatusMisdirectedRequest)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "SAMEORIGIN")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
		h.ServeHTTP(w, r)
	})
}

// hostAllowed accepts loopback names, IP addresses (DNS rebinding needs a
// name) and the names in Options.Hosts.
func (s *Server) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil {
		return true
	}
	for _, h := range s.opt.Hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// runs going are cancelled and their partial results kept, live pages are
// told, and open requests get a few seconds to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second, // the event streams lift it for themselves
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close() // the runs save what they have; their pages hear it
	cancelBase()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// Close cancels the runs going and waits until their results are kept.
func (s *Server) Close() {
	s.stopRuns()
	s.runs.Wait()
}

// idPattern is what a run id (or a unique prefix of one) looks like; anything
// else is not looked up.
var idPattern = regexp.MustCompile(`^[0-9a-f]{4,12}$`)

// render writes a page, or a plain error if its template fails (a bug).
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, data); err != nil {
		s.opt.Logf("rendering %s: %v", page, err)
		http.Error(w, "brink serve: cannot render the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// limited serves h when fewer than MaxHeavy expensive requests are being
// served; until then the request waits (or ends if its client goes).
func (s *Server) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.heavy <- struct{}{}:
			defer func() { <-s.heavy }()
			h(w, r)
		case <-r.Context().Done():
		}
	}
}

// failInternal shows an error page for a failure of this machine (a file
// gone, a catalog unreadable): what failed, without the error's text, which
// names paths of the machine; the log gets the whole error.
func (s *Server) failInternal(w http.ResponseWriter, err error, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.opt.Logf("%s: %v", msg, err)
	s.fail(w, http.StatusInternalServerError, "%s (the server's log has the details).", msg)
}

// fail shows an error page.
func (s *Server) fail(w http.ResponseWriter, status int, format string, args ...any) {
	s.render(w, status, "error", map[string]any{"Title": http.StatusText(status), "Status": status, "Message": fmt.Sprintf(format, args...)})
}
