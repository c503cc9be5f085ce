//! Reaching the server as libpq would: a `postgres://user@host:port/db` URL, the password from
//! `PGPASSWORD` or the password file (never the command line: one in the URL works but is
//! warned about), `sslmode` and `sslrootcert` from the URL or `PGSSLMODE` / `PGSSLROOTCERT`,
//! with libpq's meanings, TLS by rustls, and a time limit on the whole connect (a server that
//! takes the connection and never answers is given up, not waited on for ever).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use postgres::config::SslMode as PgSslMode;
use postgres::{Client, Config};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use delegation_files::io::read::{ReadFail, read_capped};

use super::super::Fault;

/// How long a connect may take, when neither the URL (`connect_timeout=`) nor
/// `PGCONNECT_TIMEOUT` says: the whole connect, TLS and authentication included.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one statement may run on the server (`statement_timeout`), waits for another
/// writer's lock included.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);

/// libpq's `sslmode`s this program gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, else plain; the certificate not checked (libpq's default).
    Prefer,
    /// TLS or nothing; the certificate not checked (encryption only).
    Require,
    /// TLS, the certificate signed by the authority in `sslrootcert` and naming the host.
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        match s {
            "disable" => Some(SslMode::Disable),
            "prefer" => Some(SslMode::Prefer),
            "require" => Some(SslMode::Require),
            "verify-full" => Some(SslMode::VerifyFull),
            _ => None,
        }
    }
}

/// A server to connect to, as the URL and the environment name it.
pub struct Target {
    config: Config,
    pub sslmode: SslMode,
    pub rootcert: Option<PathBuf>,
    pub timeout: Duration,
    /// `user@host:port/db`: how messages name the server (never with a password).
    pub shown: String,
    /// The URL held a password (it works, but a password belongs in PGPASSWORD or the
    /// password file, not on a command line or in settings).
    pub password_in_url: bool,
}

/// Whether `s` names a PostgreSQL server rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the environment holds (a parameter, so that tests give their own).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's environment, empty values as none.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn bad_url(url_shown: &str, why: &str) -> Fault {
    Fault::Backend(format!("{url_shown}: {why}"))
}

/// `url` without its password, for messages.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (auth, tail) = rest.split_at(end);
    match auth.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

impl Target {
    /// Reads `url` and the environment as libpq would.
    pub fn parse(url: &str, env: Env<'_>) -> Result<Target, Fault> {
        let plain = without_password(url);
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut sslmode = None;
        let mut rootcert = None;
        let mut timeout = None;
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" => {
                    sslmode = Some(SslMode::parse(&percent_decode(v)).ok_or_else(|| {
                        bad_url(
                            &plain,
                            &format!(
                                "sslmode={v} is not one of disable, prefer, require, verify-full"
                            ),
                        )
                    })?)
                }
                "sslrootcert" => rootcert = Some(PathBuf::from(percent_decode(v))),
                "connect_timeout" => {
                    timeout = Some(
                        percent_decode(v)
                            .parse::<u64>()
                            .ok()
                            .filter(|&s| s > 0)
                            .ok_or_else(|| {
                                bad_url(&plain, "connect_timeout is a whole number of seconds")
                            })?,
                    )
                }
                _ => kept.push(pair),
            }
        }
        let rebuilt = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config = Config::from_str(&rebuilt).map_err(|e| bad_url(&plain, &e.to_string()))?;
        let password_in_url = config.get_password().is_some();
        if config.get_user().is_none() {
            let user = env("PGUSER")
                .or_else(|| env("USER"))
                .or_else(|| env("USERNAME"))
                .ok_or_else(|| bad_url(&plain, "no user in the URL (postgres://USER@host/db)"))?;
            config.user(&user);
        }
        let user = config.get_user().unwrap_or_default().to_string();
        if config.get_dbname().is_none() {
            config.dbname(&user);
        }
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => {
                config.host("localhost");
                "localhost".to_string()
            }
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let db = config.get_dbname().unwrap_or_default().to_string();
        if !password_in_url {
            let found = env("PGPASSWORD").or_else(|| pgpass(env, &host, port, &db, &user));
            if let Some(p) = found {
                config.password(p);
            }
        }
        let sslmode = match sslmode {
            Some(m) => m,
            None => match env("PGSSLMODE") {
                Some(v) => SslMode::parse(&v).ok_or_else(|| {
                    bad_url(
                        &plain,
                        &format!(
                            "PGSSLMODE={v} is not one of disable, prefer, require, verify-full"
                        ),
                    )
                })?,
                None => SslMode::Prefer,
            },
        };
        let rootcert = rootcert
            .or_else(|| env("PGSSLROOTCERT").map(PathBuf::from))
            .or_else(|| default_rootcert(env).filter(|p| p.is_file()));
        let timeout = timeout
            .or_else(|| env("PGCONNECT_TIMEOUT").and_then(|v| v.parse().ok()))
            .filter(|&s| s > 0)
            .map_or(CONNECT_TIMEOUT, Duration::from_secs);
        config.ssl_mode(match sslmode {
            SslMode::Disable => PgSslMode::Disable,
            SslMode::Prefer => PgSslMode::Prefer,
            SslMode::Require | SslMode::VerifyFull => PgSslMode::Require,
        });
        config.connect_timeout(timeout);
        // A server gone quiet mid-statement (a cable pulled) is found by the system instead of
        // waited on for ever: data unacknowledged for the timeout ends the connection.
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(30));
        #[cfg(target_os = "linux")]
        config.tcp_user_timeout(timeout.max(Duration::from_secs(10)) * 3);
        config.application_name("delegation-tracker");
        Ok(Target {
            config,
            sslmode,
            rootcert,
            timeout,
            shown: format!("{user}@{host}:{port}/{db}"),
            password_in_url,
        })
    }

    /// Connects, TLS as `sslmode` says, all within [`Target::timeout`].
    pub fn connect(&self) -> Result<Client, Fault> {
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(self.tls()?);
        let config = self.config.clone();
        let (tx, rx) = mpsc::channel();
        // The connect runs on a thread of its own so that a server that takes the connection
        // and never answers (no byte of its startup reply) is given up after the timeout:
        // `connect_timeout` alone covers only the TCP connect. The thread, if it is stuck, ends
        // with the process or when the system gives up the socket.
        std::thread::Builder::new()
            .name("pg-connect".into())
            .spawn(move || {
                let _ = tx.send(config.connect(tls));
            })
            .map_err(|e| self.fault(&e.to_string()))?;
        match rx.recv_timeout(self.timeout) {
            Ok(Ok(mut client)) => {
                client
                    .batch_execute(&format!(
                        "SET statement_timeout = {}",
                        STATEMENT_TIMEOUT.as_millis()
                    ))
                    .map_err(|e| self.fault(&describe(&e)))?;
                Ok(client)
            }
            Ok(Err(e)) => Err(self.fault(&describe(&e))),
            Err(_) => Err(self.fault(&format!(
                "no answer within {} s (connect_timeout)",
                self.timeout.as_secs()
            ))),
        }
    }

    pub fn fault(&self, why: &str) -> Fault {
        Fault::Server {
            server: self.shown.clone(),
            why: why.to_string(),
        }
    }

    fn tls(&self) -> Result<ClientConfig, Fault> {
        // ring, as the CEO measured to build on the three targets (aws-lc-rs, rustls' default,
        // does not build for the glibc 2.28 .deb and mingw without cmake/nasm). rustls 0.23.48
        // marks it deprecated for want of post-quantum key exchange, which PostgreSQL servers
        // do not offer yet anyway.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| self.fault(&e.to_string()))?;
        Ok(match self.sslmode {
            SslMode::VerifyFull => {
                let Some(path) = &self.rootcert else {
                    return Err(self.fault(
                        "sslmode=verify-full needs the authority's certificate: sslrootcert=FILE \
                         in the URL, PGSSLROOTCERT, or ~/.postgresql/root.crt",
                    ));
                };
                let mut roots = RootCertStore::empty();
                let pem = read_capped(path).map_err(|e| {
                    self.fault(&format!("sslrootcert {}: {}", path.display(), why(e)))
                })?;
                for c in CertificateDer::pem_slice_iter(&pem) {
                    let c =
                        c.map_err(|e| self.fault(&format!("sslrootcert {}: {e}", path.display())))?;
                    roots
                        .add(c)
                        .map_err(|e| self.fault(&format!("sslrootcert {}: {e}", path.display())))?;
                }
                if roots.is_empty() {
                    return Err(self.fault(&format!(
                        "sslrootcert {}: no certificate in it",
                        path.display()
                    )));
                }
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            // libpq's prefer and require: encrypted, the certificate not checked (the
            // handshake's signatures still are).
            _ => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unchecked(
                    provider.signature_verification_algorithms,
                )))
                .with_no_client_auth(),
        })
    }
}

fn why(e: ReadFail) -> String {
    match e {
        ReadFail::Io(e) => e.to_string(),
        ReadFail::Bad(_) => "not a regular file of a readable size".into(),
    }
}

/// The server's error in full: its message, detail and code for a database error, the cause for
/// a connection that failed.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = format!("{} ({})", db.message(), db.code().code());
        if let Some(d) = db.detail() {
            s.push_str(&format!(": {d}"));
        }
        return s;
    }
    let mut s = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        s.push_str(&format!(": {c}"));
        cause = c.source();
    }
    s
}

/// libpq's `sslmode=require`: any certificate (encryption against a listener on the wire, not
/// against one in the middle: verify-full is for that).
#[derive(Debug)]
struct Unchecked(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// libpq's default authority file: `~/.postgresql/root.crt`, `%APPDATA%\postgresql\root.crt`.
fn default_rootcert(env: Env<'_>) -> Option<PathBuf> {
    if cfg!(windows) {
        env("APPDATA").map(|a| Path::new(&a).join("postgresql").join("root.crt"))
    } else {
        env("HOME").map(|h| Path::new(&h).join(".postgresql").join("root.crt"))
    }
}

/// The password file's path: `PGPASSFILE`, else `~/.pgpass` / `%APPDATA%\postgresql\pgpass.conf`.
fn pgpass_path(env: Env<'_>) -> Option<PathBuf> {
    env("PGPASSFILE").map(PathBuf::from).or_else(|| {
        if cfg!(windows) {
            env("APPDATA").map(|a| Path::new(&a).join("postgresql").join("pgpass.conf"))
        } else {
            env("HOME").map(|h| Path::new(&h).join(".pgpass"))
        }
    })
}

/// The password for `user` at `host:port/db` in the password file, as libpq reads it: lines
/// `host:port:db:user:password`, `*` matching anything, `\:` and `\\` escaped; on Unix a file
/// others can read is ignored (libpq warns and ignores it too).
fn pgpass(env: Env<'_>, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let path = pgpass_path(env)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(&path).ok()?;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: the password file {} can be read by others (chmod 0600): ignored",
                path.display()
            );
            return None;
        }
    }
    let text = String::from_utf8(read_capped(&path).ok()?).ok()?;
    let port = port.to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_pgpass(line);
            if fields.len() != 5 {
                return None;
            }
            let fits = |pat: &str, v: &str| pat == "*" || pat == v;
            (fits(&fields[0], host)
                && fits(&fields[1], &port)
                && fits(&fields[2], db)
                && fits(&fields[3], user))
            .then(|| fields[4].clone())
        })
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one at least").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one at least").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_url_and_the_environment_are_read_as_libpq_reads_them() {
        let env = env_of(&[("PGPASSWORD", "s3cret"), ("PGSSLMODE", "require")]);
        let t = Target::parse("postgres://clerk@db.example:54321/office", &env).unwrap();
        assert_eq!(t.shown, "clerk@db.example:54321/office");
        assert_eq!(t.sslmode, SslMode::Require);
        assert!(!t.password_in_url);
        assert_eq!(t.config.get_password(), Some(&b"s3cret"[..]));
        assert_eq!(t.timeout, CONNECT_TIMEOUT);

        let t = Target::parse(
            "postgresql://clerk:pw@h/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&connect_timeout=3",
            &env,
        )
        .unwrap();
        assert!(t.password_in_url);
        assert_eq!(t.config.get_password(), Some(&b"pw"[..]));
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(t.rootcert.as_deref(), Some(Path::new("/tmp/ca.pem")));
        assert_eq!(t.timeout, Duration::from_secs(3));
        assert_eq!(t.shown, "clerk@h:5432/db");

        assert!(Target::parse("postgres://u@h/db?sslmode=verify-ca", &env).is_err());
        assert!(Target::parse("postgres://u@h/db?connect_timeout=x", &env).is_err());
        assert_eq!(
            without_password("postgres://u:pw@h:1/db?x=1"),
            "postgres://u@h:1/db?x=1"
        );
    }

    #[test]
    fn the_password_file_matches_host_port_db_and_user_with_wildcards_and_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:clerk:wrong\nh:*:office:clerk:a\\:b\\\\c\n*:*:*:*:fallback\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let f = file.display().to_string();
        let env = env_of(&[("PGPASSFILE", &f)]);
        assert_eq!(
            pgpass(&env, "h", 5432, "office", "clerk").as_deref(),
            Some("a:b\\c")
        );
        assert_eq!(pgpass(&env, "x", 1, "y", "z").as_deref(), Some("fallback"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(pgpass(&env, "h", 5432, "office", "clerk"), None);
        }
    }
}
