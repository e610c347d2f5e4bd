#!/usr/bin/env bash
# Runs ./xgrad spark on a Spark standalone cluster started here on loopback: one master, one worker (2 cores), both
# from the project's own jars (xgrad-examples/target/lib), stopped at the end. Executors are separate JVMs that fetch
# the application jars from the driver, as on a real cluster.
#   xgrad-examples/spark-standalone.sh [./xgrad spark options, e.g. --training-master shared --epochs 1]
# Bounded in time: XGRAD_STANDALONE_TIMEOUT seconds for the job (default 900), 60 s for each start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=xgrad-examples/target/lib
if [ ! -f xgrad-examples/target/xgrad-examples.jar ] || [ ! -f xgrad-examples/target/jvm.args ]; then
  echo "building xgrad (first run)..." >&2
  mvn -B -q install -DskipTests
fi

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    (echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
}

home=$(mktemp -d /tmp/xgrad-spark-home.XXXXXX)
ln -s "$PWD/$lib" "$home/jars"      # the standalone worker puts SPARK_HOME/jars on its executors' classpath
touch "$home/RELEASE"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
port=$(free_port)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

java @xgrad-examples/target/jvm.args -cp "$lib/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port "$(free_port)" > "$home/master.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done
# DL4J's gradient sharing binds one port for the controller and every node: the executor gets its own address
DL4J_VOID_IP=127.0.0.2 java @xgrad-examples/target/jvm.args -cp "$lib/*" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 6g --work-dir "$home/work" --webui-port "$(free_port)" \
  "spark://127.0.0.1:$port" > "$home/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "Registering worker" "$home/master.log" 2>/dev/null && break; sleep 1; done
grep -q "Registering worker" "$home/master.log" || { echo "error: the Spark worker did not register" >&2; cat "$home/worker.log" >&2; exit 1; }
echo "Spark standalone master spark://127.0.0.1:$port with one worker (logs in $home)" >&2

timeout "${XGRAD_STANDALONE_TIMEOUT:-900}" ./xgrad spark --master "spark://127.0.0.1:$port" --network-mask "" "$@"
