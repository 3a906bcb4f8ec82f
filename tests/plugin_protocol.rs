//! The plugin as go-plugin hosts see it: launched with Terraform's environment, spoken to
//! over gRPC on its unix socket, with and without AutoMTLS.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::plugin::{binary, terraform_like_client_identity, Plugin, COOKIE};
use tether::proto::plugin::grpc_controller_client::GrpcControllerClient;
use tether::proto::plugin::grpc_stdio_client::GrpcStdioClient;
use tether::proto::tfplugin5 as pb;
use tether::proto::tfplugin5::provider_client::ProviderClient;

fn wait_exit(plugin: &mut Plugin, limit: Duration) -> Option<(std::process::ExitStatus, Duration)> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = plugin.child.try_wait() {
            return Some((status, start.elapsed()));
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::yield_now();
    }
}

#[tokio::test]
async fn mtls_handshake_serves_schema_and_health() {
    let client = terraform_like_client_identity();
    let plugin = Plugin::launch(Some(&client.cert_pem));
    let parts: Vec<&str> = plugin.line.split('|').collect();
    assert_eq!(&parts[..3], &["1", "5", "unix"]);
    assert_eq!(parts[4], "grpc");
    assert!(parts[5].len() > 50 && !parts[5].contains('='), "unpadded certificate in field 6");
    eprintln!("start-to-handshake: {:?}", plugin.handshake_after);

    let alpn = std::sync::Arc::new(std::sync::Mutex::new(None));
    let channel = plugin.tls_channel_noting_alpn(Some(&client), alpn.clone()).await.expect("mTLS connect");
    // grpc-go ≥ 1.67 (Terraform ≥ 1.12, OpenTofu ≥ 1.11) refuses a server that selects no
    // application protocol: "missing selected ALPN property".
    assert_eq!(alpn.lock().expect("alpn").as_deref(), Some(&b"h2"[..]), "the plugin selects h2 by ALPN");
    let schema = ProviderClient::new(channel.clone()).get_schema(pb::get_provider_schema::Request {}).await.expect("GetSchema").into_inner();
    let mut names: Vec<_> = schema.resource_schemas.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["tether_eip_association", "tether_ess_attachment", "tether_ga_backend", "tether_havip_attachment"]);
    let caps = schema.server_capabilities.expect("capabilities");
    assert!(caps.get_provider_schema_optional && !caps.plan_destroy && !caps.move_resource_state);

    let health =
        tonic_health::pb::health_client::HealthClient::new(channel).check(tonic_health::pb::HealthCheckRequest { service: "plugin".into() }).await.expect("health").into_inner();
    assert_eq!(health.status, tonic_health::pb::health_check_response::ServingStatus::Serving as i32);
}

#[tokio::test]
async fn mtls_refuses_clients_without_the_hosts_certificate() {
    let client = terraform_like_client_identity();
    let plugin = Plugin::launch(Some(&client.cert_pem));

    let anonymous = match plugin.tls_channel(None).await {
        Ok(ch) => ProviderClient::new(ch).get_schema(pb::get_provider_schema::Request {}).await.is_ok(),
        Err(_) => false,
    };
    assert!(!anonymous, "a client without a certificate was served");

    let stranger = terraform_like_client_identity();
    let impostor = match plugin.tls_channel(Some(&stranger)).await {
        Ok(ch) => ProviderClient::new(ch).get_schema(pb::get_provider_schema::Request {}).await.is_ok(),
        Err(_) => false,
    };
    assert!(!impostor, "a client with another certificate was served");

    let plain = match plugin.plain_channel().await {
        Ok(ch) => ProviderClient::new(ch).get_schema(pb::get_provider_schema::Request {}).await.is_ok(),
        Err(_) => false,
    };
    assert!(!plain, "a plaintext client was served while TLS is on");

    // The right client still gets in after the refusals.
    let ok = plugin.tls_channel(Some(&client)).await.expect("connect");
    assert!(ProviderClient::new(ok).get_schema(pb::get_provider_schema::Request {}).await.is_ok());
}

#[tokio::test]
async fn plaintext_without_client_cert_and_shutdown_exits_promptly() {
    let mut plugin = Plugin::launch(None);
    assert!(plugin.line.ends_with("|grpc|"), "no certificate field when TLS is off: {}", plugin.line);
    let socket_dir = std::path::Path::new(&plugin.socket).parent().expect("dir").to_owned();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&socket_dir).expect("dir").permissions().mode() & 0o777, 0o700);

    let channel = plugin.plain_channel().await.expect("connect");
    // An idle stdio stream must not keep the plugin alive.
    let _stdio = GrpcStdioClient::new(channel.clone()).stream_stdio(()).await.expect("stdio stream opens");
    let asked = Instant::now();
    GrpcControllerClient::new(channel).shutdown(tether::proto::plugin::Empty {}).await.expect("Shutdown answered");
    let (status, _) = wait_exit(&mut plugin, Duration::from_secs(2)).expect("plugin exits before Terraform's 2 s kill deadline");
    eprintln!("Shutdown-to-exit: {:?}", asked.elapsed());
    assert!(status.success());
    assert!(!socket_dir.exists(), "socket directory removed on exit");
}

#[tokio::test]
async fn sigterm_exits_0_and_removes_the_socket_directory() {
    for client in [None, Some(terraform_like_client_identity())] {
        let mut plugin = Plugin::launch(client.as_ref().map(|c| c.cert_pem.as_str()));
        let socket_dir = std::path::Path::new(&plugin.socket).parent().expect("dir").to_owned();
        assert!(socket_dir.exists());
        let status = Command::new("kill").args(["-TERM", &plugin.child.id().to_string()]).status().expect("kill");
        assert!(status.success());
        let (status, _) = wait_exit(&mut plugin, Duration::from_secs(10)).expect("plugin exits on SIGTERM");
        assert_eq!(status.code(), Some(0), "exit status {status:?}");
        assert!(!socket_dir.exists(), "socket directory {} left behind", socket_dir.display());
    }
}

#[tokio::test]
async fn sigint_is_ignored_and_stop_is_answered() {
    let plugin = Plugin::launch(None);
    let status = Command::new("kill").args(["-INT", &plugin.child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let channel = plugin.plain_channel().await.expect("still serving after SIGINT");
    let mut client = ProviderClient::new(channel);
    assert!(client.get_schema(pb::get_provider_schema::Request {}).await.is_ok());
    let stop = client.stop(pb::stop::Request {}).await.expect("Stop").into_inner();
    assert_eq!(stop.error, "");
}

#[tokio::test]
async fn messages_beyond_tonics_default_4_mib_are_accepted() {
    let plugin = Plugin::launch(None);
    let mut client = ProviderClient::new(plugin.plain_channel().await.expect("connect")).max_decoding_message_size(64 << 20).max_encoding_message_size(64 << 20);
    // A 6 MiB plan request: small values, and 6 MiB of private data passed through.
    let config = rmpv::Value::Map(vec![
        (rmpv::Value::from("global_acceleration_instance_id"), rmpv::Value::from("ga-1")),
        (rmpv::Value::from("backend_server_id"), rmpv::Value::from("i-1")),
        (rmpv::Value::from("backend_server_region_id"), rmpv::Value::from("cn-shanghai")),
    ]);
    let mut bytes = Vec::new();
    rmpv::encode::write_value(&mut bytes, &config).expect("encode");
    let private = vec![7u8; 6 << 20];
    let value = Some(pb::DynamicValue { msgpack: bytes, json: vec![] });
    let response = client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "tether_ga_backend".into(),
            config: value.clone(),
            proposed_new_state: value,
            prior_private: private.clone(),
            ..Default::default()
        })
        .await
        .expect("a 6 MiB request is accepted")
        .into_inner();
    assert_eq!(response.planned_private, private);
    // A 6 MiB value is refused by tether's value bounds (not by the transport), briefly.
    let big = "x".repeat(6 << 20);
    let config = rmpv::Value::Map(vec![(rmpv::Value::from("eip_id"), rmpv::Value::from(big.as_str()))]);
    let mut bytes = Vec::new();
    rmpv::encode::write_value(&mut bytes, &config).expect("encode");
    let response = client
        .validate_resource_type_config(pb::validate_resource_type_config::Request {
            type_name: "tether_eip_association".into(),
            config: Some(pb::DynamicValue { msgpack: bytes, json: vec![] }),
            client_capabilities: None,
        })
        .await
        .expect("a 6 MiB request is accepted")
        .into_inner();
    assert_eq!(response.diagnostics.len(), 1, "{:?}", response.diagnostics);
    assert_eq!(response.diagnostics[0].summary, "The resource configuration is too large");
    assert!(response.diagnostics[0].detail.len() < 1024);
}

#[tokio::test]
async fn garbage_values_become_diagnostics_not_crashes() {
    let plugin = Plugin::launch(None);
    let mut client = ProviderClient::new(plugin.plain_channel().await.expect("connect"));
    for garbage in [vec![0xa5, b'a'], vec![0xcb, 0x00], vec![0xdd, 0xff, 0xff, 0xff, 0xff], vec![0x81, 0xa3, b'b', b'a', b'd', 0xc0], b"\x92\x01".to_vec()] {
        let response = client
            .plan_resource_change(pb::plan_resource_change::Request {
                type_name: "tether_ga_backend".into(),
                proposed_new_state: Some(pb::DynamicValue { msgpack: garbage.clone(), json: vec![] }),
                ..Default::default()
            })
            .await
            .expect("answered")
            .into_inner();
        assert_eq!(response.diagnostics.len(), 1, "{garbage:?}");
        assert_eq!(response.diagnostics[0].severity, pb::diagnostic::Severity::Error as i32);
    }
    // The plugin is still alive.
    assert!(client.get_schema(pb::get_provider_schema::Request {}).await.is_ok());
}

#[test]
fn run_by_hand_it_explains_itself_and_exits_1() {
    let out = Command::new(binary()).env_remove("TF_PLUGIN_MAGIC_COOKIE").stdin(Stdio::null()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("This binary is a plugin"), "{stderr}");
    assert!(stderr.contains("--debug"));
    assert!(out.stdout.is_empty(), "nothing on stdout");
}

#[test]
fn no_common_protocol_version_is_an_error() {
    let out = Command::new(binary()).env("TF_PLUGIN_MAGIC_COOKIE", COOKIE).env("PLUGIN_PROTOCOL_VERSIONS", "6").stdin(Stdio::null()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("speaks only version 5"));
    assert!(out.stdout.is_empty(), "no handshake line");
}

#[tokio::test]
async fn debug_mode_prints_reattach_value_and_serves_plaintext() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(binary())
        .arg("--debug")
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .env_remove("PLUGIN_CLIENT_CERT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut value = None;
    for _ in 0..20 {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("read") == 0 {
            break;
        }
        if let Some(rest) = line.trim().strip_prefix("TF_REATTACH_PROVIDERS='") {
            value = Some(rest.trim_end_matches('\'').to_owned());
            break;
        }
    }
    let value = value.expect("TF_REATTACH_PROVIDERS line");
    let json: serde_json::Value = serde_json::from_str(&value).expect("valid JSON");
    let entry = &json["registry.terraform.io/tether-dev/tether"];
    assert_eq!(entry["Pid"], child.id());
    let socket = entry["Addr"]["String"].as_str().expect("address").to_owned();

    let path = socket.clone();
    let channel = tonic::transport::Endpoint::try_from("http://localhost")
        .expect("endpoint")
        .connect_with_connector(tower::service_fn(move |_| {
            let path = path.clone();
            async move { Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(tokio::net::UnixStream::connect(path).await?)) }
        }))
        .await
        .expect("connect");
    assert!(ProviderClient::new(channel).get_schema(pb::get_provider_schema::Request {}).await.is_ok());

    // Ctrl-C stops a debug server.
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    let status = child.wait().expect("exit");
    assert!(status.success());
}
