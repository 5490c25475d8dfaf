<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>sy::BackendTableModel</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>バックエンド</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>ヘルス</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最後のエラー</translation>
    </message>
    <message>
        <source>Since Switchyard started; the counters above and the charts cover the last hour, restarts included</source>
        <translation>Switchyard の起動以降。上の数値とグラフは再起動をまたいで直近1時間を示します</translation>
    </message>
</context>
<context>
    <name>sy::ChartsPanel</name>
    <message>
        <source>Traffic over the last:</source>
        <translation>表示期間:</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>毎秒のリクエスト数</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>リクエスト/秒</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>毎秒のトークン数</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Time to first token (ms)</source>
        <translation>最初のトークンまでの時間 (ms)</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Errors, last minute (%)</source>
        <translation>エラー率、直近1分 (%)</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>クライアントエラー (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>サーバーエラー (5xx)</translation>
    </message>
</context>
<context>
    <name>sy::DailyUsageModel</name>
    <message>
        <source>(no model)</source>
        <translation>(モデルなし)</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>日 (UTC)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>入力トークン</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>出力トークン</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>支出</translation>
    </message>
</context>
<context>
    <name>sy::DashboardWindow</name>
    <message>
        <source>Switchyard Dashboard</source>
        <translation>Switchyard ダッシュボード</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用量</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Try It</source>
        <translation>試す</translation>
    </message>
</context>
<context>
    <name>sy::Format</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ミリ秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation>クールダウン中</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>クラッシュ</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 日 %2 時間</translation>
    </message>
    <message>
        <source>free</source>
        <translation>無料</translation>
    </message>
    <message>
        <source>%1 / 1M</source>
        <translation>%1 / 100万</translation>
    </message>
</context>
<context>
    <name>sy::GatewayMonitor</name>
    <message>
        <source>%1% of requests failed in the last minute</source>
        <translation>直近 1 分間のリクエストの %1% が失敗しました</translation>
    </message>
    <message>
        <source>%1 not answering</source>
        <translation>%1 が応答しません</translation>
    </message>
    <message>
        <source>%1 cooling down after errors</source>
        <translation>%1 はエラー後のクールダウン中</translation>
    </message>
</context>
<context>
    <name>sy::GatewaySession</name>
    <message>
        <source>no config file at %1</source>
        <translation>%1 に設定ファイルがありません</translation>
    </message>
    <message>
        <source>no config file, and the default one could not be written: %1</source>
        <translation>設定ファイルがなく、既定の設定ファイルも書き込めませんでした: %1</translation>
    </message>
</context>
<context>
    <name>sy::KeyEditDialog</name>
    <message>
        <source>Unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>Limits of “%1”</source>
        <translation>「%1」の制限</translation>
    </message>
    <message>
        <source>Create Key</source>
        <translation>キーを作成</translation>
    </message>
    <message>
        <source>e.g. laptop, open-webui, ci</source>
        <translation>例: laptop、open-webui、ci</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>すべてのモデル</translation>
    </message>
    <message>
        <source>Model groups this key may use, separated by commas. Known: %1</source>
        <translation>このキーが使えるモデルグループ (カンマ区切り)。既知のもの: %1</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>毎分のリクエスト数:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>毎分のトークン数:</translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation>同時リクエスト数:</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>予算なし</translation>
    </message>
    <message>
        <source>Never resets</source>
        <translation>リセットしない</translation>
    </message>
    <message>
        <source>Resets daily</source>
        <translation>毎日リセット</translation>
    </message>
    <message>
        <source>Resets weekly</source>
        <translation>毎週リセット</translation>
    </message>
    <message>
        <source>Resets monthly</source>
        <translation>毎月リセット</translation>
    </message>
    <message>
        <source>Resets every %1</source>
        <translation>%1 ごとにリセット</translation>
    </message>
    <message>
        <source>Budget:</source>
        <translation>予算:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>有効期限:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
</context>
<context>
    <name>sy::KeyListModel</name>
    <message>
        <source>All models</source>
        <translation>すべてのモデル</translation>
    </message>
    <message>
        <source>%1 RPM</source>
        <translation>%1 RPM</translation>
    </message>
    <message>
        <source>%1 TPM</source>
        <translation>%1 TPM</translation>
    </message>
    <message>
        <source>%1 parallel</source>
        <translation>同時 %1</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%2 のうち %1 使用済み</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>失効</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>予算を使い切りました</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>制限</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>予算</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最終使用</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>sy::KeyUsageModel</name>
    <message>
        <source>%1 RPM</source>
        <translation>%1 RPM</translation>
    </message>
    <message>
        <source>%1 TPM</source>
        <translation>%1 TPM</translation>
    </message>
    <message>
        <source>%1 parallel</source>
        <translation>同時 %1</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 (revoked)</source>
        <translation>%1 (失効)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>制限</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>予算</translation>
    </message>
    <message>
        <source>Budget left</source>
        <translation>残り予算</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最終使用</translation>
    </message>
    <message>
        <source>%1 of %2 per day</source>
        <translation>1日 %2 のうち %1</translation>
    </message>
    <message>
        <source>%1 of %2 per week</source>
        <translation>1週間 %2 のうち %1</translation>
    </message>
    <message>
        <source>%1 of %2 per month</source>
        <translation>1か月 %2 のうち %1</translation>
    </message>
    <message>
        <source>%1 of %2 in total</source>
        <translation>合計 %2 のうち %1</translation>
    </message>
    <message>
        <source>%1 of %2 per %3</source>
        <translation>%3 あたり %2 のうち %1</translation>
    </message>
    <message>
        <source>Requests with the master key, or with no key while none is required.</source>
        <translation>マスターキーによるリクエスト、またはキー不要時のキーなしリクエスト。</translation>
    </message>
    <message>
        <source>A key the key store no longer lists (deleted); its requests stay in the usage log.</source>
        <translation>キーストアにもう無いキー (削除済み)。そのリクエストは使用ログに残ります。</translation>
    </message>
    <message>
        <source>All time, as the usage log counts it (GET /spend/logs)</source>
        <translation>全期間、使用ログの集計どおり (GET /spend/logs)</translation>
    </message>
    <message>
        <source>The current budget period, as GET /key/info reports it</source>
        <translation>現在の予算期間、GET /key/info の報告どおり</translation>
    </message>
</context>
<context>
    <name>sy::KeysPage</name>
    <message>
        <source>Created “%1”.</source>
        <translation>「%1」を作成しました。</translation>
    </message>
    <message>
        <source>Saved the limits of “%1”.</source>
        <translation>「%1」の制限を保存しました。</translation>
    </message>
    <message>
        <source>Key revoked.</source>
        <translation>キーを失効させました。</translation>
    </message>
    <message>
        <source>Virtual keys are not available yet</source>
        <translation>仮想キーはまだ利用できません</translation>
    </message>
    <message>
        <source>Keys of their own for each client, with limits and budgets, need the key storage feature, which this version of Switchyard does not include yet.

Until then, clients use the master key: set it under Settings.</source>
        <translation>クライアントごとの制限と予算付きのキーにはキー管理機能が必要ですが、このバージョンの Switchyard にはまだ含まれていません。

それまでは、クライアントはマスターキーを使います。マスターキーは「設定」で設定してください。</translation>
    </message>
    <message>
        <source>Create Key…</source>
        <translation>キーを作成…</translation>
    </message>
    <message>
        <source>Edit Limits…</source>
        <translation>制限を編集…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>失効…</translation>
    </message>
    <message>
        <source>Creating “%1”…</source>
        <translation>「%1」を作成中…</translation>
    </message>
    <message>
        <source>Revoke Key</source>
        <translation>キーを失効</translation>
    </message>
    <message>
        <source>Revoke “%1”? Clients using it are refused from now on. This cannot be undone.</source>
        <translation>「%1」を失効させますか?このキーを使うクライアントは今後拒否されます。元に戻すことはできません。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>失効</translation>
    </message>
    <message>
        <source>Could not list the keys: %1</source>
        <translation>キーの一覧を取得できませんでした: %1</translation>
    </message>
    <message>
        <source>Could not create the key: %1</source>
        <translation>キーを作成できませんでした: %1</translation>
    </message>
    <message>
        <source>Could not save the limits: %1</source>
        <translation>制限を保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Could not revoke the key: %1</source>
        <translation>キーを失効させられませんでした: %1</translation>
    </message>
</context>
<context>
    <name>sy::LoginItem</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>Cannot remove %1</source>
        <translation>%1 を削除できません</translation>
    </message>
    <message>
        <source>Allow Switchyard in System Settings → General → Login Items</source>
        <translation>システム設定 → 一般 → ログイン項目 で Switchyard を許可してください</translation>
    </message>
    <message>
        <source>Only Switchyard.app can start at login, not a bare executable</source>
        <translation>ログイン時に起動できるのは Switchyard.app だけで、単体の実行ファイルはできません</translation>
    </message>
</context>
<context>
    <name>sy::ModelGroupsModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%2 中 %1</translation>
    </message>
    <message>
        <source>1 deployment</source>
        <translation>デプロイメント 1 件</translation>
    </message>
    <message>
        <source>%1 deployments</source>
        <translation>デプロイメント %1 件</translation>
    </message>
    <message>
        <source>%1, 1 retry</source>
        <translation>%1、再試行 1 回</translation>
    </message>
    <message>
        <source>%1, %2 retries</source>
        <translation>%1、再試行 %2 回</translation>
    </message>
    <message>
        <source>then %1</source>
        <translation>次に %1</translation>
    </message>
    <message>
        <source>Also asked for as: %1</source>
        <translation>別名: %1</translation>
    </message>
    <message>
        <source>%1
%2 (%3), order %4, weight %5</source>
        <translation>%1
%2 (%3)、順序 %4、重み %5</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>%1 まで</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>確認対象外</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 前</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>まだ</translation>
    </message>
    <message>
        <source>Requests started in the last minute, of the deployment&apos;s rpm limit</source>
        <translation>直近1分に開始したリクエスト数と、デプロイメントの rpm 上限</translation>
    </message>
    <message>
        <source>Tokens of calls finished in the last minute, of the deployment&apos;s tpm limit</source>
        <translation>直近1分に終了した呼び出しのトークン数と、デプロイメントの tpm 上限</translation>
    </message>
    <message>
        <source>Input · output, USD per million tokens</source>
        <translation>入力 · 出力、100万トークンあたりの USD</translation>
    </message>
    <message>
        <source>Context window (model_info.max_input_tokens)</source>
        <translation>コンテキスト長 (model_info.max_input_tokens)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>ヘルス</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>RPM</source>
        <translation>RPM</translation>
    </message>
    <message>
        <source>TPM</source>
        <translation>TPM</translation>
    </message>
    <message>
        <source>Price in · out</source>
        <translation>価格 入力 · 出力</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>クールダウン</translation>
    </message>
    <message>
        <source>Health checked</source>
        <translation>ヘルス確認</translation>
    </message>
</context>
<context>
    <name>sy::ModelsPage</name>
    <message>
        <source>Check Now</source>
        <translation>今すぐ確認</translation>
    </message>
    <message>
        <source>What clients can ask for, and where each request may go.</source>
        <translation>クライアントが指定できるモデルと、各リクエストの送り先。</translation>
    </message>
    <message>
        <source>Run the health check of the chosen model&apos;s servers now (all, if none is chosen)</source>
        <translation>選択したモデルのサーバーのヘルスチェックを今すぐ実行 (未選択ならすべて)</translation>
    </message>
    <message>
        <source>Checking every server…</source>
        <translation>すべてのサーバーを確認中…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
</context>
<context>
    <name>sy::NewKeyDialog</name>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>New key “%1”</source>
        <translation>新しいキー「%1」</translation>
    </message>
    <message>
        <source>Copy this key now. Switchyard keeps only a hash of it: you will not see it again.</source>
        <translation>このキーを今すぐコピーしてください。Switchyard はハッシュしか保存しないため、二度と表示されません。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <source>Clients send it as “Authorization: Bearer KEY”, like the master key.</source>
        <translation>クライアントはマスターキーと同様に「Authorization: Bearer KEY」として送信します。</translation>
    </message>
</context>
<context>
    <name>sy::Notifier</name>
    <message>
        <source>%1 (%2) is not answering.</source>
        <translation>%1 (%2) が応答しません。</translation>
    </message>
    <message>
        <source>%1 (%2) is not answering: %3</source>
        <translation>%1 (%2) が応答しません: %3</translation>
    </message>
    <message>
        <source>%1 is answering again.</source>
        <translation>%1 が再び応答しています。</translation>
    </message>
    <message>
        <source>Backend down</source>
        <translation>バックエンド停止</translation>
    </message>
    <message>
        <source>Backend recovered</source>
        <translation>バックエンド復旧</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>予算を使い切りました</translation>
    </message>
    <message>
        <source>The key “%1” has used its budget; its requests are refused until it resets.</source>
        <translation>キー「%1」は予算を使い切りました。リセットされるまでリクエストは拒否されます。</translation>
    </message>
</context>
<context>
    <name>sy::OverviewPage</name>
    <message>
        <source>In flight</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>Degraded: %1</source>
        <translation>一部障害: %1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Cannot serve: %1</source>
        <translation>稼働できません: %1</translation>
    </message>
    <message>
        <source>Base URLs: %1</source>
        <translation>ベース URL: %1</translation>
    </message>
    <message>
        <source>Not listening.</source>
        <translation>待ち受けていません。</translation>
    </message>
    <message>
        <source>Requests, last hour</source>
        <translation>リクエスト、直近1時間</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>クライアントエラー (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>サーバーエラー (5xx)</translation>
    </message>
    <message>
        <source>Tokens in / out, last hour</source>
        <translation>トークン 入力 / 出力、直近1時間</translation>
    </message>
</context>
<context>
    <name>sy::RequestDetailView</name>
    <message>
        <source>no backend (refused or failed before one was tried)</source>
        <translation>バックエンドなし (試行前に拒否または失敗)</translation>
    </message>
    <message>
        <source>%1 at %2 (%3; deployment %4)</source>
        <translation>%2 の %1 (%3、デプロイメント %4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 (retries: %2, fallbacks: %3)</source>
        <translation>%1 (再試行: %2、フォールバック: %3)</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>入力 %1、出力 %2</translation>
    </message>
    <message>
        <source> (estimated: the backend reported no usage)</source>
        <translation> (推定: バックエンドが使用量を報告せず)</translation>
    </message>
    <message>
        <source>Click a request to see all about it.</source>
        <translation>リクエストをクリックすると詳細を表示します。</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>リクエスト ID</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Model asked for</source>
        <translation>要求されたモデル</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>応答元</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>%1 dialect, %2, %3</source>
        <translation>%1 形式、%2、%3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>streamed</source>
        <translation>ストリーミング</translation>
    </message>
    <message>
        <source>not streamed</source>
        <translation>非ストリーミング</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>試行</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>最初のトークンまで</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <source>%1 in all, %2 at the backend</source>
        <translation>全体 %1、バックエンド %2</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>キャッシュ</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>ガードレール</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>バイト</translation>
    </message>
    <message>
        <source>%1 received, %2 sent</source>
        <translation>受信 %1、送信 %2</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
</context>
<context>
    <name>sy::RequestLogModel</name>
    <message>
        <source>Master key</source>
        <translation>マスターキー</translation>
    </message>
    <message>
        <source>Estimated: the backend reported no usage</source>
        <translation>推定値: バックエンドが使用量を報告しませんでした</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>バックエンド</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>トークン 入力 / 出力</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>sy::RequestLogPage</name>
    <message>
        <source>Key:</source>
        <translation>キー:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状態:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>クライアントエラー (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>サーバーエラー (5xx)</translation>
    </message>
    <message>
        <source>All keys</source>
        <translation>すべてのキー</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>すべてのモデル</translation>
    </message>
    <message>
        <source>Search model, key, backend, error, request id…</source>
        <translation>モデル、キー、バックエンド、エラー、リクエスト ID を検索…</translation>
    </message>
    <message>
        <source>Hold new requests back, so rows stay where they are</source>
        <translation>新しいリクエストを保留し、行を動かさない</translation>
    </message>
    <message>
        <source>%1 of %2 requests match</source>
        <translation>%2 件中 %1 件が一致</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 件のリクエスト</translation>
    </message>
    <message>
        <source>The log keeps the newest %1 requests.</source>
        <translation>ログは最新の %1 件を保持します。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Resume (%1 new)</source>
        <translation>再開 (新着 %1 件)</translation>
    </message>
</context>
<context>
    <name>sy::ServerTableModel</name>
    <message>
        <source>Log: %1</source>
        <translation>ログ: %1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最後のエラー</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>稼働時間</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>プロセス</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>再起動回数</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
</context>
<context>
    <name>sy::ServersPage</name>
    <message>
        <source>Start</source>
        <translation>起動</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>再起動</translation>
    </message>
    <message>
        <source>Open Log</source>
        <translation>ログを開く</translation>
    </message>
    <message>
        <source>Switchyard can start and stop local model servers for you once they are configured as managed servers.</source>
        <translation>ローカルのモデルサーバーを管理対象サーバーとして設定すると、Switchyard が起動と停止を行えます。</translation>
    </message>
    <message>
        <source>No managed servers in the config.</source>
        <translation>設定に管理対象サーバーがありません。</translation>
    </message>
    <message>
        <source>Local model servers Switchyard runs for you.</source>
        <translation>Switchyard が実行しているローカルのモデルサーバーです。</translation>
    </message>
    <message>
        <source>Log:</source>
        <translation>ログ:</translation>
    </message>
    <message>
        <source>Nothing logged yet.</source>
        <translation>まだログはありません。</translation>
    </message>
    <message>
        <source>Choose a server to see its command line and log.</source>
        <translation>サーバーを選ぶとコマンドラインとログを表示します。</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>未起動</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), %3 · Command: &lt;tt&gt;%4&lt;/tt&gt;&lt;br&gt;Log file: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)、%3 · コマンド: &lt;tt&gt;%4&lt;/tt&gt;&lt;br&gt;ログファイル: %5</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 を開きました。</translation>
    </message>
    <message>
        <source>No application opens log files here; the log is %1.</source>
        <translation>ログファイルを開くアプリがありません。ログは %1 にあります。</translation>
    </message>
</context>
<context>
    <name>sy::SettingsPage</name>
    <message>
        <source>Save to Config File</source>
        <translation>設定ファイルに保存</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>ゲートウェイ</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>Or type one of this computer&apos;s IP addresses.</source>
        <translation>または、このコンピューターの IP アドレスを入力してください。</translation>
    </message>
    <message>
        <source>Bind address:</source>
        <translation>バインドアドレス:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>変更なし</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Master key:</source>
        <translation>マスターキー:</translation>
    </message>
    <message>
        <source>No keychain is available: the key is written into the config file.</source>
        <translation>キーチェーンを利用できません。キーは設定ファイルに書き込まれます。</translation>
    </message>
    <message>
        <source>Config file</source>
        <translation>設定ファイル</translation>
    </message>
    <message>
        <source>Switchyard reloads the file whenever it changes: models, keys and limits apply without a restart. Requests under way finish with the settings they started with.</source>
        <translation>Switchyard はファイルが変更されるたびに再読み込みします。モデル、キー、制限は再起動なしで適用されます。処理中のリクエストは開始時の設定のまま完了します。</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>エディターで開く</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>フォルダーに表示</translation>
    </message>
    <message>
        <source>Cannot read the config file: %1</source>
        <translation>設定ファイルを読み込めません: %1</translation>
    </message>
    <message>
        <source>No master key: only this computer can use the gateway.</source>
        <translation>マスターキーがありません。このコンピューターからのみゲートウェイを使用できます。</translation>
    </message>
    <message>
        <source>Now read from %1.</source>
        <translation>現在は %1 から読み込まれます。</translation>
    </message>
    <message>
        <source>Now written in the file in plain text.</source>
        <translation>現在はファイルに平文で書かれています。</translation>
    </message>
    <message>
        <source>The bind address must be localhost, 0.0.0.0, :: or an IP address of this computer.</source>
        <translation>バインドアドレスは localhost、0.0.0.0、:: またはこのコンピューターの IP アドレスである必要があります。</translation>
    </message>
    <message>
        <source>Listening beyond this computer needs a master key: anyone on the network could use your backends. Set one first.</source>
        <translation>このコンピューター以外から接続を受け付けるにはマスターキーが必要です。ないとネットワーク上の誰でもバックエンドを使えてしまいます。先に設定してください。</translation>
    </message>
    <message>
        <source>Storing the master key in the keychain…</source>
        <translation>マスターキーをキーチェーンに保存中…</translation>
    </message>
    <message>
        <source>The keychain refused the key (%1). Nothing was changed.</source>
        <translation>キーチェーンがキーを拒否しました (%1)。何も変更されていません。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Saved. Switchyard applies the change as it reloads the file.</source>
        <translation>保存しました。Switchyard はファイルの再読み込み時に変更を適用します。</translation>
    </message>
    <message>
        <source>This computer only.</source>
        <translation>このコンピューターのみ。</translation>
    </message>
    <message>
        <source>Every network this computer is on: the LAN and Tailscale. Needs a master key.</source>
        <translation>このコンピューターが接続しているすべてのネットワーク (LAN と Tailscale)。マスターキーが必要です。</translation>
    </message>
    <message>
        <source>Only this address. Needs a master key.</source>
        <translation>このアドレスのみ。マスターキーが必要です。</translation>
    </message>
    <message>
        <source>Not an IP address.</source>
        <translation>IP アドレスではありません。</translation>
    </message>
    <message>
        <source>No application opens %1; open it in your editor.</source>
        <translation>%1 を開くアプリケーションがありません。エディターで開いてください。</translation>
    </message>
    <message>
        <source>Store the new key in the keychain, not in the file</source>
        <translation>新しいキーはファイルでなくキーチェーンに保存</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意の空きポート</translation>
    </message>
    <message>
        <source>Now written in the file in plain text. Type a new one to keep it in the keychain instead.</source>
        <translation>現在ファイルに平文で保存されています。新しいキーを入力するとキーチェーンに保存できます。</translation>
    </message>
</context>
<context>
    <name>sy::TableFit</name>
    <message>
        <source>Fit Columns to Content</source>
        <translation>列幅を内容に合わせる</translation>
    </message>
</context>
<context>
    <name>sy::TrayController</name>
    <message>
        <source>Switchyard: starting</source>
        <translation>Switchyard: 起動中</translation>
    </message>
    <message>
        <source>Switchyard: serving on %1</source>
        <translation>Switchyard: %1 で稼働中</translation>
    </message>
    <message>
        <source>Switchyard: degraded (%1)</source>
        <translation>Switchyard: 一部障害 (%1)</translation>
    </message>
    <message>
        <source>Switchyard: stopped</source>
        <translation>Switchyard: 停止中</translation>
    </message>
    <message>
        <source>Switchyard: error</source>
        <translation>Switchyard: エラー</translation>
    </message>
    <message>
        <source>Launch at Login</source>
        <translation>ログイン時に起動</translation>
    </message>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
    </message>
    <message>
        <source>Config reloaded.</source>
        <translation>設定を再読み込みしました。</translation>
    </message>
    <message>
        <source>Config not reloaded</source>
        <translation>設定を再読み込みできませんでした</translation>
    </message>
    <message>
        <source>The previous config keeps serving.
%1</source>
        <translation>以前の設定で稼働を続けます。
%1</translation>
    </message>
    <message>
        <source>No config found: wrote a default one to %1. It serves the models of LM Studio, Ollama, llama.cpp and vLLM running on this machine.</source>
        <translation>設定が見つからないため、既定の設定を %1 に書き込みました。このコンピューターで動作している LM Studio、Ollama、llama.cpp、vLLM のモデルを提供します。</translation>
    </message>
</context>
<context>
    <name>sy::TrayMenu</name>
    <message>
        <source>Gateway On</source>
        <translation>ゲートウェイ オン</translation>
    </message>
    <message>
        <source>LAN access needs gateway.host 0.0.0.0 and a master key (Dashboard › Settings)</source>
        <translation>LAN からのアクセスには gateway.host 0.0.0.0 とマスターキーが必要です (ダッシュボード › 設定)</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>バックエンド</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Open Dashboard…</source>
        <translation>ダッシュボードを開く…</translation>
    </message>
    <message>
        <source>Reload Config</source>
        <translation>設定を再読み込み</translation>
    </message>
    <message>
        <source>Launch at Login</source>
        <translation>ログイン時に起動</translation>
    </message>
    <message>
        <source>Quit Switchyard</source>
        <translation>Switchyard を終了</translation>
    </message>
    <message>
        <source>Switchyard is starting…</source>
        <translation>Switchyard を起動中…</translation>
    </message>
    <message>
        <source>Switchyard is serving</source>
        <translation>Switchyard は稼働中です</translation>
    </message>
    <message>
        <source>Degraded: %1</source>
        <translation>一部障害: %1</translation>
    </message>
    <message>
        <source>Switchyard is stopped</source>
        <translation>Switchyard は停止しています</translation>
    </message>
    <message>
        <source>Cannot serve: %1</source>
        <translation>稼働できません: %1</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>待ち受けていません</translation>
    </message>
    <message>
        <source>Listening on localhost, port %1</source>
        <translation>localhost のポート %1 で待ち受け中</translation>
    </message>
    <message>
        <source>Listening on all interfaces, port %1</source>
        <translation>すべてのインターフェースのポート %1 で待ち受け中</translation>
    </message>
    <message>
        <source>Listening on %1, port %2</source>
        <translation>%1 のポート %2 で待ち受け中</translation>
    </message>
    <message>
        <source>Copy Base URL: localhost</source>
        <translation>ベース URL をコピー: localhost</translation>
    </message>
    <message>
        <source>Copy Base URL: Tailscale (%1)</source>
        <translation>ベース URL をコピー: Tailscale (%1)</translation>
    </message>
    <message>
        <source>Copy Base URL: LAN (%1)</source>
        <translation>ベース URL をコピー: LAN (%1)</translation>
    </message>
    <message>
        <source>No backends yet: is a model server running?</source>
        <translation>バックエンドがまだありません。モデルサーバーは起動していますか?</translation>
    </message>
    <message>
        <source>No backends</source>
        <translation>バックエンドなし</translation>
    </message>
    <message>
        <source>%1 on %2: %3, %4 in flight</source>
        <translation>%2 の %1: %3、処理中 %4</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最後のエラー: %1</translation>
    </message>
    <message>
        <source>%1 more in the dashboard…</source>
        <translation>ほか %1 件はダッシュボードで…</translation>
    </message>
    <message>
        <source>%1 (port %2): %3</source>
        <translation>%1 (ポート %2): %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起動</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>再起動</translation>
    </message>
</context>
<context>
    <name>sy::TryPage</name>
    <message>
        <source>Stream</source>
        <translation>ストリーミング</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>The master key or a virtual key (sk-…); empty when none is needed</source>
        <translation>マスターキーまたは仮想キー (sk-…)。不要なら空欄</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>キー:</translation>
    </message>
    <message>
        <source>Say hello in five words.</source>
        <translation>5語で挨拶して。</translation>
    </message>
    <message>
        <source>The answer appears here as it streams.</source>
        <translation>回答はストリーミングされながらここに表示されます。</translation>
    </message>
    <message>
        <source>How it was served</source>
        <translation>応答の経路</translation>
    </message>
    <message>
        <source>The gateway is not listening.</source>
        <translation>ゲートウェイは待ち受けていません。</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>最初のトークンを待っています…</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>First token after %1</source>
        <translation>最初のトークンまで %1</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation>全体で %1</translation>
    </message>
    <message>
        <source>First token after %1, %2</source>
        <translation>最初のトークンまで %1、%2</translation>
    </message>
</context>
<context>
    <name>sy::UsageHistoryPanel</name>
    <message>
        <source>From:</source>
        <translation>開始:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>終了:</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 日間</translation>
    </message>
    <message>
        <source>Per key</source>
        <translation>キー別</translation>
    </message>
    <message>
        <source>Per model</source>
        <translation>モデル別</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV エクスポート…</translation>
    </message>
    <message>
        <source>Needs the gateway&apos;s usage log.</source>
        <translation>ゲートウェイの使用ログが必要です。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 行</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>Others</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Spend per day (USD)</source>
        <translation>1日あたりの支出 (USD)</translation>
    </message>
    <message>
        <source>Requests per day</source>
        <translation>1日あたりのリクエスト</translation>
    </message>
    <message>
        <source>Tokens per day</source>
        <translation>1日あたりのトークン</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 を保存しました。</translation>
    </message>
    <message>
        <source>Export Usage</source>
        <translation>使用量のエクスポート</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
</context>
<context>
    <name>sy::UsagePage</name>
    <message>
        <source>Per key, all time</source>
        <translation>キー別、全期間</translation>
    </message>
    <message>
        <source>As the usage log counts them (GET /spend/logs); budgets as GET /key/info reports them. Live, and the same after a restart.</source>
        <translation>使用ログの集計どおり (GET /spend/logs)。予算は GET /key/info の報告どおり。リアルタイムで、再起動後も同じです。</translation>
    </message>
    <message>
        <source>As the usage log counts them. Limits and budgets per key appear once virtual keys are set up.</source>
        <translation>使用ログの集計どおり。キーごとの制限と予算は仮想キーを設定すると表示されます。</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>期間別</translation>
    </message>
</context>
</TS>
