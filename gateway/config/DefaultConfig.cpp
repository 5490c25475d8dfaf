#include "gateway/config/DefaultConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace sy::DefaultConfig {

QByteArray text()
{
    return R"yaml(# Switchyard config, in LiteLLM's config.yaml format.
#
# Switchyard wrote this file because it started without one. Edit it freely: a valid change
# applies on save, without dropping requests; an invalid one is reported and ignored.
# Check a file with:   switchyard --check-config config.yaml

# Each entry below asks one usual local server for its models (GET /v1/models). Every model
# they report is routable under its own name, e.g. "qwen2.5-7b-instruct". A server that is not
# running is skipped; start it later and its models appear within a health-check interval, or
# at once when a request names one.
model_list:
  # LM Studio (`lms server start`)
  - model_name: "*"
    litellm_params:
      model: lm_studio/*
      api_base: http://127.0.0.1:1234/v1

  # Ollama
  - model_name: "*"
    litellm_params:
      model: ollama/*
      api_base: http://127.0.0.1:11434

  # llama.cpp's llama-server
  - model_name: "*"
    litellm_params:
      model: openai/*
      api_base: http://127.0.0.1:8080/v1
    model_info:
      backend: llamacpp

  # vLLM (`vllm serve`)
  - model_name: "*"
    litellm_params:
      model: hosted_vllm/*
      api_base: http://127.0.0.1:8000/v1

  # One name for several servers: requests to "local-chat" are spread across both.
  # - model_name: local-chat
  #   litellm_params:
  #     model: lm_studio/qwen2.5-7b-instruct
  #     api_base: http://127.0.0.1:1234/v1
  # - model_name: local-chat
  #   litellm_params:
  #     model: ollama/qwen2.5:7b
  #     api_base: http://192.168.1.20:11434

  # A remote provider, its key kept in the OS keychain:
  #   switchyard secret set OPENROUTER_API_KEY
  # - model_name: gpt-4o
  #   litellm_params:
  #     model: openrouter/openai/gpt-4o
  #     api_key: keychain/OPENROUTER_API_KEY

# Clients send "Authorization: Bearer <master_key>". Required before serving beyond this machine.
# general_settings:
#   master_key: os.environ/SWITCHYARD_MASTER_KEY

gateway:
  host: localhost   # 0.0.0.0 serves the LAN and Tailscale (set a master_key first)
  port: 4000
)yaml"_ba;
}

WriteOutcome writeIfMissing(const QString& path, QString* error)
{
    if (QFileInfo::exists(path))
        return WriteOutcome::Existed;
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = u"cannot create the directory %1"_s.arg(QFileInfo(path).absolutePath());
        return WriteOutcome::Failed;
    }
    // QSaveFile: a crash mid-write leaves no half file that would then fail to parse.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text()) < 0 || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return WriteOutcome::Failed;
    }
    return WriteOutcome::Written;
}

} // namespace sy::DefaultConfig
