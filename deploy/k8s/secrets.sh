#!/usr/bin/env bash
# The Secrets deploy/k8s expects, for a development cluster, printed as YAML (pipe it to
# `kubectl apply -f -`); production Secrets come from your secret manager (docs/operations.md).
#   bash deploy/k8s/secrets.sh [NAMESPACE] | kubectl apply -f -
# Fresh random passwords and PII keys, development signing keys (govkit.tokens) and the JWKS.
# Needs the checkout's .venv (make sync); kubectl from it renders the objects, offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
NS=${1:-wenzhou-dev}
PY=.venv/bin/python
KUBECTL=.venv/bin/kubectl
# WZ_KEYS_DIR keeps the keys (the issuer's too: `python -m govkit.tokens mint --dir` then mints
# tokens this cluster accepts); by default they exist only while this runs.
if [[ -n ${WZ_KEYS_DIR:-} ]]; then
  keys=$WZ_KEYS_DIR
else
  keys=$(mktemp -d)
  trap 'rm -rf "$keys"' EXIT
fi
$PY -m govkit.tokens keys --dir "$keys" >/dev/null
rand() { $PY -c 'import secrets; print(secrets.token_urlsafe(32))'; }
secret() { $KUBECTL create secret generic "$@" -n "$NS" --dry-run=client -o yaml; echo "---"; }

admin=$(rand)
migrator=$(rand)
secret postgresql-admin --from-literal=password="$admin"
secret wz-migrator \
  --from-literal=database-url="postgresql://wz_migrator:$migrator@postgresql:5432/wenzhou" \
  --from-literal=admin-database-url="postgresql://postgres:$admin@postgresql:5432/postgres"
for service in $($PY -c 'from govkit.registry import registry; print(*registry().names)'); do
  secret "$service-secrets" \
    --from-literal=database-url="postgresql://${service}_app:$(rand)@postgresql:5432/wenzhou" \
    --from-literal=pii-hash-key="$(rand)" \
    --from-file=signing-key.pem="$keys/$service-checkpoint-ed25519.pem"
done
$KUBECTL create configmap wz-jwks -n "$NS" --from-file=jwks.json="$keys/jwks.json" \
  --dry-run=client -o yaml
