#!/usr/bin/env bash
# The wattward command inside the image (migrate, topology load, simulate, dead-letters).
exec java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.wattward.schema \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -jar /opt/flink/usrlib/wattward.jar "$@"
