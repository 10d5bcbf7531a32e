"""Read the GoodAir lake through its SQL endpoint (Spark Thrift server) from Python, with Debian packages only.

The Hive JDBC driver runs in a JVM started by JPype; rows are read with java.sql directly (jpype.dbapi2 does not
work with Hive's driver) and turned into a pandas DataFrame with one dtype per SQL type:

    TIMESTAMP -> datetime64[ns, UTC]   DATE -> datetime64[ns] (a calendar day)   DOUBLE/FLOAT/DECIMAL -> float64
    (NaN and +-Infinity kept, SQL NULL -> NaN)   BIGINT/INT -> int64, or Int64 when a value is NULL
    BOOLEAN -> bool, or boolean when a value is NULL   everything else -> str (arrays and structs as JSON text)

Configuration, from the environment (no secret is ever printed):
    GOODAIR_JDBC_URL        e.g. jdbc:hive2://localhost:10000/gold
    GOODAIR_SQL_USER        the account, e.g. demo-analyst
    GOODAIR_SQL_PASSWORD    its password
    GOODAIR_JDBC_CLASSPATH  the Java client: hive-jdbc 2.3.9 and the org.apache.hive.service classes (Spark's
                            thriftserver jar), entries separated by ':'; an entry ending in '*' means every jar
                            of that folder
"""

import atexit
import glob
import os
import re

import jpype
import pandas as pd

JPYPE_JAR = "/usr/share/java/org.jpype.jar"

_connection = None


def _setting(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: see notebooks/README.md")
    return value


def _classpath():
    entries = []
    for entry in _setting("GOODAIR_JDBC_CLASSPATH").split(os.pathsep):
        if entry.endswith("*"):
            entries.extend(sorted(glob.glob(entry + ".jar")))
        elif entry:
            entries.append(entry)
    return os.pathsep.join([JPYPE_JAR] + entries)


def endpoint():
    """Who connects where, for display: the URL with any password in it masked, and the user."""
    url = re.sub(r"(?i)(password=)[^;]*", r"\1***", _setting("GOODAIR_JDBC_URL"))
    return f"{_setting('GOODAIR_SQL_USER')} @ {url}"


def connect():
    """The shared connection, opened on first use (and the JVM started)."""
    global _connection
    if _connection is not None and not _connection.isClosed():
        return _connection
    if not jpype.isJVMStarted():
        jpype.startJVM(jpype.getDefaultJVMPath(), "-Xmx512m", "-Djava.class.path=" + _classpath(),
                       convertStrings=True)
    java_sql = jpype.JPackage("java").sql
    java_sql.DriverManager.setLoginTimeout(30)
    # Fails here, naming the class, when GOODAIR_JDBC_CLASSPATH lacks hive-jdbc (not later with "No suitable driver").
    jpype.JClass("org.apache.hive.jdbc.HiveDriver")
    _connection = java_sql.DriverManager.getConnection(
        _setting("GOODAIR_JDBC_URL"), _setting("GOODAIR_SQL_USER"), _setting("GOODAIR_SQL_PASSWORD"))
    return _connection


def close():
    global _connection
    if _connection is not None:
        _connection.close()
        _connection = None


# Ends the server-side session when the kernel exits (registered after JPype's own exit hook, so it runs first).
atexit.register(close)


# java.sql.Types codes, grouped by how a value is read and which dtype its column gets.
_DOUBLES = {6, 7, 8}            # FLOAT, REAL, DOUBLE
_DECIMALS = {2, 3}              # NUMERIC, DECIMAL
_INTEGERS = {-6, 5, 4, -5}      # TINYINT, SMALLINT, INTEGER, BIGINT
_BOOLEANS = {16, -7}            # BOOLEAN, BIT
_DATE = 91
_TIMESTAMPS = {93, 2014}        # TIMESTAMP, TIMESTAMP_WITH_TIMEZONE


def _reader(rs, kind, i):
    """A function reading column i of the current row as a Python value (None for SQL NULL)."""
    if kind in _DOUBLES:
        def read():
            v = rs.getDouble(i)
            return None if rs.wasNull() else float(v)
    elif kind in _DECIMALS:
        def read():
            v = rs.getBigDecimal(i)
            return None if v is None else float(v.doubleValue())
    elif kind in _INTEGERS:
        def read():
            v = rs.getLong(i)
            return None if rs.wasNull() else int(v)
    elif kind in _BOOLEANS:
        def read():
            v = rs.getBoolean(i)
            return None if rs.wasNull() else bool(v)
    else:
        # Dates and timestamps too: the server sends them as text (timestamps in its session time zone, UTC).
        def read():
            return rs.getString(i)
    return read


def _column(values, kind):
    if kind in _DOUBLES or kind in _DECIMALS:
        return pd.Series(values, dtype="float64")
    # numpy's int64 and bool where there is no NULL (what matplotlib and numpy take), else pandas' nullable types.
    has_null = any(v is None for v in values)
    if kind in _INTEGERS:
        return pd.Series(values, dtype="Int64" if has_null else "int64")
    if kind in _BOOLEANS:
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    if kind == _DATE:
        return pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
    if kind in _TIMESTAMPS:
        return pd.to_datetime(pd.Series(values, dtype="object"), utc=True)
    return pd.Series(values, dtype="object")


def query(sql):
    """Runs one SELECT (or SHOW / DESCRIBE) and returns its rows as a DataFrame with typed columns."""
    statement = connect().createStatement()
    try:
        statement.setFetchSize(10000)
        rs = statement.executeQuery(sql)
        meta = rs.getMetaData()
        n = meta.getColumnCount()
        names = [meta.getColumnLabel(i) for i in range(1, n + 1)]
        kinds = [meta.getColumnType(i) for i in range(1, n + 1)]
        readers = [_reader(rs, kinds[i], i + 1) for i in range(n)]
        rows = []
        while rs.next():
            rows.append([read() for read in readers])
        rs.close()
    finally:
        statement.close()
    columns = list(zip(*rows)) if rows else [[] for _ in range(n)]
    return pd.DataFrame({name: _column(list(values), kind)
                         for name, values, kind in zip(names, columns, kinds)})


def comments(table):
    """Column name -> comment (unit and meaning) of a table, from DESCRIBE."""
    described = query(f"DESCRIBE {table}")
    described = described[~described["col_name"].str.startswith("#") & (described["col_name"] != "")]
    return dict(zip(described["col_name"], described["comment"].fillna("")))


WAQI_TEXT = ("Air quality (AQI, US-EPA scale 0-500): the **World Air Quality Index Project** "
             "([waqi.info](https://waqi.info/)) and the originating monitoring agencies: {agencies}.")
# [U] The wording "Weather data provided by OpenWeather" with a link is what users of the API quote; the licence
# (ODbL for the data and database, CC BY-SA 4.0 for the APIs and maps, as second-hand sources read the pricing
# page) is not confirmed here: see docs/gdpr/third-party-terms.md before publishing.
OWM_TEXT = ("Weather and pollutant concentrations (µg/m³): weather data provided by **OpenWeather** "
            "([openweathermap.org](https://openweathermap.org/)), under OpenWeather's terms.")


def attribution():
    """The data sources' attribution as Markdown, with the agencies named by the WAQI feeds (silver.dim_station)."""
    agencies = query("SELECT DISTINCT a.name AS name, a.url AS url FROM silver.dim_station "
                     "LATERAL VIEW explode(attributions) t AS a ORDER BY name")
    agencies = agencies[~agencies["name"].str.contains("World Air Quality Index", na=True)]
    named = ", ".join(f"[{r.name}]({r.url})" if r.url else r.name for r in agencies.itertuples()) or "none seen yet"
    return "**Data sources.** " + WAQI_TEXT.format(agencies=named) + " " + OWM_TEXT


def lake_spark():
    """
    For users who have pyspark 3.5 and delta-spark 3.3: a SparkSession reading the lake's Delta tables directly
    (GOODAIR_LAKE_ROOT, e.g. s3a://goodair-lake with the GOODAIR_S3_* settings, or a local folder). None, saying
    why, where either package or the lake root is missing.
    """
    import importlib.util
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("delta") is None:
        print("skipped: pyspark and delta-spark are not both installed here "
              "(pip install pyspark==3.5.4 delta-spark==3.3.2)")
        return None
    root = os.environ.get("GOODAIR_LAKE_ROOT")
    if not root:
        print("skipped: GOODAIR_LAKE_ROOT is not set")
        return None
    from delta import configure_spark_with_delta_pip
    from pyspark.sql import SparkSession
    builder = (SparkSession.builder.appName("goodair-notebook")
               .master(os.environ.get("GOODAIR_SPARK_MASTER", "local[2]"))
               .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
               .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
               .config("spark.sql.session.timeZone", "UTC"))
    packages = []
    if root.startswith("s3a://"):
        packages.append("org.apache.hadoop:hadoop-aws:3.3.4")
        s3 = {"endpoint": "GOODAIR_S3_ENDPOINT", "endpoint.region": "GOODAIR_S3_REGION",
              "access.key": "GOODAIR_S3_ACCESS_KEY_ID", "secret.key": "GOODAIR_S3_SECRET_ACCESS_KEY"}
        for key, env in s3.items():
            if os.environ.get(env):
                builder = builder.config("spark.hadoop.fs.s3a." + key, os.environ[env])
        builder = builder.config("spark.hadoop.fs.s3a.path.style.access", "true")
        if os.environ.get("GOODAIR_S3_ENDPOINT", "").startswith("http://"):
            builder = builder.config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
    return configure_spark_with_delta_pip(builder, extra_packages=packages).getOrCreate()


def lake_path(table):
    """Folder of a lake table, e.g. gold.city_daily -> <GOODAIR_LAKE_ROOT>/gold/city_daily."""
    database, name = table.split(".")
    return os.environ["GOODAIR_LAKE_ROOT"].rstrip("/") + f"/{database}/{name}"
