REM ==========================================================================
REM  文件名称 : his_procedural_extras.sql
REM  所属系统 : HIS - 护理医嘱执行（执行计划生成、床旁执行、超时跳过、停嘱作废）
REM  目标库   : Oracle 19c
REM  说明     : 长期医嘱按频次字典每日生成执行计划；护士床旁扫码执行；
REM             超时未执行的计划由系统跳过；停止的医嘱其未执行计划自动作废。
REM ==========================================================================
SET DEFINE OFF
SET SERVEROUTPUT ON SIZE 1000000
WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK

PROMPT 创建护理执行相关类型 ...

-- 频次执行时刻，如 BID = ('08:00', '16:00')
CREATE TYPE t_freq_times AS VARRAY(10) OF VARCHAR2(50);
/

-- 护理任务（床旁待办）对象：可按优先级、计划时间排序
CREATE OR REPLACE TYPE t_nur_task AS OBJECT
(
  order_id   NUMBER(12),
  task_name  VARCHAR2(200 CHAR),
  plan_time  DATE,
  priority   NUMBER(2),
  CONSTRUCTOR FUNCTION t_nur_task (p_order_id NUMBER, p_task_name VARCHAR2)
    RETURN SELF AS RESULT,
  MEMBER FUNCTION describe RETURN VARCHAR2,
  MEMBER PROCEDURE postpone (p_minutes NUMBER),
  STATIC FUNCTION urgent (p_order_id NUMBER, p_task_name VARCHAR2) RETURN t_nur_task,
  MAP MEMBER FUNCTION sort_key RETURN NUMBER
) NOT FINAL;
/

-- 输液任务：在护理任务基础上增加液量与滴速
CREATE OR REPLACE TYPE t_nur_infusion UNDER t_nur_task
(
  volume_ml  NUMBER(6),
  drip_rate  NUMBER(4),
  OVERRIDING MEMBER FUNCTION describe RETURN VARCHAR2
);
/

CREATE OR REPLACE TYPE t_nur_task_list AS TABLE OF t_nur_task;
/

PROMPT 创建护理执行表与序列 ...

CREATE TABLE nur_freq_dict
(
  freq_code    VARCHAR2(20)        NOT NULL,
  freq_name    VARCHAR2(50 CHAR)   NOT NULL,
  daily_times  NUMBER(2)           NOT NULL,
  exec_times   t_freq_times,
  is_active    CHAR(1)             DEFAULT 'Y' NOT NULL,
  CONSTRAINT pk_nur_freq_dict PRIMARY KEY (freq_code)
);

CREATE TABLE nur_order
(
  order_id     NUMBER(12)          NOT NULL,
  patient_id   NUMBER(12)          NOT NULL,
  ward_code    VARCHAR2(20)        NOT NULL,
  bed_no       VARCHAR2(10),
  order_type   VARCHAR2(10)        NOT NULL,
  order_text   VARCHAR2(200 CHAR)  NOT NULL,
  freq_code    VARCHAR2(20),
  route        VARCHAR2(20),
  volume_ml    NUMBER(6),
  drip_rate    NUMBER(4),
  start_time   DATE                NOT NULL,
  stop_time    DATE,
  status       CHAR(1)             DEFAULT 'N' NOT NULL,
  remark       VARCHAR2(200 CHAR),
  update_time  DATE                DEFAULT SYSDATE,
  CONSTRAINT pk_nur_order PRIMARY KEY (order_id),
  CONSTRAINT fk_nur_order_freq FOREIGN KEY (freq_code) REFERENCES nur_freq_dict (freq_code),
  CONSTRAINT ck_nur_order_type CHECK (order_type IN ('LONG', 'TEMP')),
  CONSTRAINT ck_nur_order_status CHECK (status IN ('N', 'S'))
);

-- exec_status  P 待执行  D 已执行  S 超时跳过  C 作废
CREATE TABLE nur_exec
(
  exec_id      NUMBER(14)          NOT NULL,
  order_id     NUMBER(12)          NOT NULL,
  plan_time    DATE                NOT NULL,
  exec_time    DATE,
  nurse_id     NUMBER(10),
  exec_status  CHAR(1)             DEFAULT 'P' NOT NULL,
  remark       VARCHAR2(200 CHAR),
  update_time  DATE,
  CONSTRAINT pk_nur_exec PRIMARY KEY (exec_id),
  CONSTRAINT fk_nur_exec_order FOREIGN KEY (order_id) REFERENCES nur_order (order_id),
  CONSTRAINT ck_nur_exec_status CHECK (exec_status IN ('P', 'D', 'S', 'C'))
);
CREATE UNIQUE INDEX uk_nur_exec_plan ON nur_exec (order_id, plan_time);

CREATE TABLE nur_exec_log
(
  log_id       NUMBER(14)          NOT NULL,
  exec_id      NUMBER(14),
  action       VARCHAR2(20)        NOT NULL,
  log_time     DATE                DEFAULT SYSDATE NOT NULL,
  log_user     VARCHAR2(30)        DEFAULT USER,
  remark       VARCHAR2(200 CHAR),
  CONSTRAINT pk_nur_exec_log PRIMARY KEY (log_id)
);

-- 班次统计：shift_no 1 白班 2 小夜班 3 大夜班
CREATE TABLE nur_shift_stat
(
  ward_code    VARCHAR2(20)        NOT NULL,
  stat_date    DATE                NOT NULL,
  shift_no     NUMBER(1)           NOT NULL,
  plan_cnt     NUMBER(6)           DEFAULT 0 NOT NULL,
  done_cnt     NUMBER(6)           DEFAULT 0 NOT NULL,
  skip_cnt     NUMBER(6)           DEFAULT 0 NOT NULL,
  update_time  DATE,
  CONSTRAINT pk_nur_shift_stat PRIMARY KEY (ward_code, stat_date, shift_no)
);

CREATE SEQUENCE seq_nur_exec START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_nur_log  START WITH 1 INCREMENT BY 1 CACHE 20;

CREATE OR REPLACE VIEW v_nur_exec_entry AS
SELECT e.exec_id, e.order_id, o.ward_code, o.bed_no, o.order_text,
       e.plan_time, e.exec_time, e.nurse_id, e.exec_status, e.remark
  FROM nur_exec e
  JOIN nur_order o ON o.order_id = e.order_id;

PROMPT 创建独立函数 ...

-- 频次每日次数：字典很少变化，使用结果缓存
CREATE OR REPLACE EDITIONABLE FUNCTION fn_freq_daily_times (p_freq_code IN VARCHAR2)
  RETURN PLS_INTEGER
  RESULT_CACHE
IS
  v_times nur_freq_dict.daily_times%TYPE;
BEGIN
  SELECT daily_times INTO v_times FROM nur_freq_dict WHERE freq_code = p_freq_code;
  RETURN v_times;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RETURN 0;
END fn_freq_daily_times;
/

-- 输液预计时长（分钟）= 液量(ml) × 滴系数(gtt/ml) ÷ 滴速(gtt/min)
CREATE OR REPLACE FUNCTION fn_drip_minutes (
  p_volume_ml    IN NUMBER,
  p_drip_rate    IN NUMBER,
  p_drop_factor  IN NUMBER DEFAULT 20
) RETURN NUMBER
  DETERMINISTIC
  PARALLEL_ENABLE
IS
BEGIN
  IF NVL(p_drip_rate, 0) <= 0 THEN
    RETURN NULL;
  END IF;
  RETURN ROUND(p_volume_ml * p_drop_factor / p_drip_rate);
END fn_drip_minutes;
/

-- 执行单号只允许由护理执行包分配
CREATE OR REPLACE FUNCTION fn_nur_new_exec_id RETURN NUMBER
  ACCESSIBLE BY (PACKAGE pkg_nur_exec)
IS
BEGIN
  RETURN seq_nur_exec.NEXTVAL;
END fn_nur_new_exec_id;
/

CREATE OR REPLACE TYPE BODY t_nur_task AS
  CONSTRUCTOR FUNCTION t_nur_task (p_order_id NUMBER, p_task_name VARCHAR2)
    RETURN SELF AS RESULT
  IS
  BEGIN
    SELF.order_id  := p_order_id;
    SELF.task_name := p_task_name;
    SELF.plan_time := SYSDATE;
    SELF.priority  := 5;
    RETURN;
  END;

  MEMBER FUNCTION describe RETURN VARCHAR2 IS
  BEGIN
    RETURN '[' || priority || '] ' || task_name || ' @' || TO_CHAR(plan_time, 'HH24:MI');
  END;

  MEMBER PROCEDURE postpone (p_minutes NUMBER) IS
  BEGIN
    plan_time := plan_time + p_minutes / 1440;
  END;

  STATIC FUNCTION urgent (p_order_id NUMBER, p_task_name VARCHAR2) RETURN t_nur_task IS
    v_task t_nur_task := t_nur_task(p_order_id, p_task_name);
  BEGIN
    v_task.priority := 1;
    RETURN v_task;
  END;

  MAP MEMBER FUNCTION sort_key RETURN NUMBER IS
  BEGIN
    -- 优先级在前，计划时间（距 2000-01-01 的分钟数）在后
    RETURN priority * 100000000 + ROUND((plan_time - DATE '2000-01-01') * 1440);
  END;
END;
/

CREATE OR REPLACE TYPE BODY t_nur_infusion AS
  OVERRIDING MEMBER FUNCTION describe RETURN VARCHAR2 IS
  BEGIN
    RETURN (SELF AS t_nur_task).describe() || ' 输液 ' || volume_ml || 'ml，'
           || drip_rate || '滴/分，约 ' || fn_drip_minutes(volume_ml, drip_rate) || ' 分钟';
  END;
END;
/

PROMPT 创建批次上下文包（每次调用重新初始化）...

CREATE OR REPLACE PACKAGE pkg_nur_batch_ctx
IS
  PRAGMA SERIALLY_REUSABLE;
  g_batch_no   VARCHAR2(40);
  g_done_cnt   PLS_INTEGER := 0;
  g_fail_cnt   PLS_INTEGER := 0;
  PROCEDURE start_batch (p_ward IN VARCHAR2);
  PROCEDURE add_result (p_done IN PLS_INTEGER, p_failed IN PLS_INTEGER := 0);
  FUNCTION summary RETURN VARCHAR2;
END pkg_nur_batch_ctx;
/

CREATE OR REPLACE PACKAGE BODY pkg_nur_batch_ctx
IS
  PRAGMA SERIALLY_REUSABLE;

  PROCEDURE start_batch (p_ward IN VARCHAR2) IS
  BEGIN
    g_batch_no := p_ward || '-' || TO_CHAR(SYSDATE, 'YYYYMMDDHH24MISS');
    g_done_cnt := 0;
    g_fail_cnt := 0;
  END start_batch;

  PROCEDURE add_result (p_done IN PLS_INTEGER, p_failed IN PLS_INTEGER := 0) IS
  BEGIN
    g_done_cnt := g_done_cnt + p_done;
    g_fail_cnt := g_fail_cnt + p_failed;
  END add_result;

  FUNCTION summary RETURN VARCHAR2 IS
  BEGIN
    RETURN '批次 ' || g_batch_no || '：成功 ' || g_done_cnt || ' 条，失败 ' || g_fail_cnt || ' 条';
  END summary;
END pkg_nur_batch_ctx;
/

PROMPT 创建护理执行包 PKG_NUR_EXEC ...

CREATE OR REPLACE PACKAGE pkg_nur_exec AUTHID CURRENT_USER
IS
  SUBTYPE t_nurse_id IS nur_exec.nurse_id%TYPE;
  SUBTYPE t_flag     IS CHAR(1);

  c_status_plan  CONSTANT t_flag := 'P';
  c_status_done  CONSTANT t_flag := 'D';

  TYPE t_shift_list IS VARRAY(3) OF VARCHAR2(10 CHAR);
  TYPE t_code_count IS TABLE OF PLS_INTEGER INDEX BY VARCHAR2(20);
  TYPE t_id_list    IS TABLE OF NUMBER INDEX BY PLS_INTEGER;

  -- 床旁执行记录；未指定时默认待执行、常规执行
  TYPE t_exec_rec IS RECORD
  (
    exec_id      nur_exec.exec_id%TYPE,
    order_id     nur_exec.order_id%TYPE,
    plan_time    DATE,
    exec_status  t_flag := 'P',
    remark       VARCHAR2(200 CHAR) DEFAULT '常规执行'
  );

  TYPE t_exec_cur IS REF CURSOR RETURN nur_exec%ROWTYPE;

  -- 到时待执行的计划（锁定执行状态，遇锁立即返回）
  CURSOR c_due_exec (p_ward VARCHAR2, p_before DATE) RETURN nur_exec%ROWTYPE;

  e_order_stopped  EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_order_stopped, -20101);
  e_row_locked     EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_row_locked, -54);
  e_wait_timeout   EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_wait_timeout, -30006);

  FUNCTION status_name (p_status IN VARCHAR2) RETURN VARCHAR2;
  PRAGMA RESTRICT_REFERENCES(status_name, WNDS);

  PROCEDURE generate_plan (p_order_id IN NUMBER, p_days IN PLS_INTEGER := 1,
                           p_created OUT PLS_INTEGER);
  PROCEDURE execute_one (p_exec_id IN NUMBER, p_nurse_id IN t_nurse_id,
                         p_remark IN VARCHAR2 DEFAULT NULL);
  PROCEDURE execute_one (p_exec_rec IN OUT NOCOPY t_exec_rec, p_nurse_id IN t_nurse_id);
  PROCEDURE batch_execute (p_ward IN VARCHAR2, p_nurse_id IN t_nurse_id,
                           p_done OUT PLS_INTEGER, p_failed OUT PLS_INTEGER);
  PROCEDURE skip_overdue (p_ward IN VARCHAR2, p_hours IN NUMBER DEFAULT 4,
                          p_skipped OUT PLS_INTEGER);
  PROCEDURE cancel_stopped (p_ward IN VARCHAR2, p_cancelled OUT PLS_INTEGER);
  PROCEDURE remove_plan (p_exec_id IN NUMBER, p_order_id OUT NUMBER, p_plan_time OUT DATE);
  PROCEDURE replan_order (p_order_id IN NUMBER, p_created OUT PLS_INTEGER);
  PROCEDURE refresh_shift_stat (p_ward IN VARCHAR2, p_date IN DATE DEFAULT TRUNC(SYSDATE));
  PROCEDURE open_worklist (p_ward IN VARCHAR2, p_cur OUT t_exec_cur);
  FUNCTION search_exec (p_ward IN VARCHAR2, p_status IN VARCHAR2 DEFAULT NULL)
    RETURN SYS_REFCURSOR;
  PROCEDURE print_ward_summary (p_ward IN VARCHAR2, p_top IN PLS_INTEGER DEFAULT 5);
END pkg_nur_exec;
/

CREATE OR REPLACE PACKAGE BODY pkg_nur_exec
IS
  g_freq_cache  t_code_count;
  g_shifts      t_shift_list := t_shift_list('白班', '小夜班', '大夜班');
  g_done_total  PLS_INTEGER;

  CURSOR c_due_exec (p_ward VARCHAR2, p_before DATE) RETURN nur_exec%ROWTYPE IS
    SELECT e.*
      FROM nur_exec e
     WHERE e.exec_status = 'P'
       AND e.plan_time <= p_before
       AND e.order_id IN (SELECT o.order_id FROM nur_order o WHERE o.ward_code = p_ward)
     ORDER BY e.plan_time
       FOR UPDATE OF e.exec_status NOWAIT;

  FUNCTION status_name (p_status IN VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    RETURN CASE p_status
             WHEN c_status_plan THEN '待执行'
             WHEN c_status_done THEN '已执行'
             WHEN 'S' THEN '超时跳过'
             WHEN 'C' THEN '已作废'
             WHEN 'E' THEN '执行出错'
             ELSE '未知(' || p_status || ')'
           END;
  END status_name;

  PROCEDURE generate_plan (p_order_id IN NUMBER, p_days IN PLS_INTEGER := 1,
                           p_created OUT PLS_INTEGER)
  IS
    v_order    nur_order%ROWTYPE;
    v_times    t_freq_times;
    v_new_ids  t_id_list;

    FUNCTION to_plan_time (p_day IN DATE, p_hhmi IN VARCHAR2) RETURN DATE IS
    BEGIN
      RETURN TO_DATE(TO_CHAR(p_day, 'YYYY-MM-DD') || ' ' || p_hhmi, 'YYYY-MM-DD HH24:MI');
    END to_plan_time;

    PROCEDURE add_plan (p_time IN DATE) IS
      v_id nur_exec.exec_id%TYPE;
    BEGIN
      IF p_time < v_order.start_time OR p_time >= NVL(v_order.stop_time, p_time + 1) THEN
        RETURN;
      END IF;
      v_id := fn_nur_new_exec_id;
      INSERT INTO nur_exec (exec_id, order_id, plan_time, exec_status, remark)
      VALUES (v_id, p_order_id, p_time, c_status_plan,
              CASE WHEN v_order.order_text LIKE '%皮试%' THEN '皮试：需双人核对' END);
      v_new_ids(v_new_ids.COUNT + 1) := v_id;
    EXCEPTION
      WHEN DUP_VAL_ON_INDEX THEN
        NULL;  -- 该时刻已生成过计划
    END add_plan;
  BEGIN
    p_created := 0;
    SELECT * INTO v_order FROM nur_order WHERE order_id = p_order_id;
    IF v_order.status = 'S' THEN
      GOTO finish;
    END IF;

    CASE v_order.order_type
      WHEN 'TEMP' THEN
        v_times := t_freq_times(TO_CHAR(v_order.start_time, 'HH24:MI'));
      WHEN 'LONG' THEN
        SELECT d.exec_times INTO v_times FROM nur_freq_dict d WHERE d.freq_code = v_order.freq_code;
      ELSE
        RAISE_APPLICATION_ERROR(-20103, '未知医嘱类型：' || v_order.order_type);
    END CASE;

    FOR d IN 0 .. p_days - 1 LOOP
      EXIT WHEN v_order.order_type = 'TEMP' AND d > 0;   -- 临时医嘱只执行一次
      FOR i IN 1 .. v_times.COUNT LOOP
        add_plan(to_plan_time(TRUNC(SYSDATE) + d, v_times(i)));
      END LOOP;
    END LOOP;
    p_created := v_new_ids.COUNT;

    <<finish>>
    DBMS_OUTPUT.PUT_LINE('医嘱 ' || p_order_id || ' 生成执行计划 ' || p_created || ' 条');
  END generate_plan;

  PROCEDURE execute_one (p_exec_id IN NUMBER, p_nurse_id IN t_nurse_id,
                         p_remark IN VARCHAR2 DEFAULT NULL)
  IS
    v_status   nur_exec.exec_status%TYPE;
    v_plan     nur_exec.plan_time%TYPE;
    v_ostatus  nur_order.status%TYPE;
  BEGIN
    SELECT e.exec_status, e.plan_time, o.status
      INTO v_status, v_plan, v_ostatus
      FROM nur_exec e
      JOIN nur_order o ON o.order_id = e.order_id
     WHERE e.exec_id = p_exec_id
       FOR UPDATE OF e.exec_status WAIT 5;

    IF v_ostatus = 'S' THEN
      RAISE e_order_stopped;
    END IF;

    CASE
      WHEN v_status = c_status_done THEN
        RAISE_APPLICATION_ERROR(-20104, '执行单 ' || p_exec_id || ' 已执行，不能重复执行');
      WHEN v_status IN ('S', 'C') THEN
        RAISE_APPLICATION_ERROR(-20105, '执行单 ' || p_exec_id || ' 状态为' || status_name(v_status));
      WHEN v_plan > SYSDATE + 1 / 24 THEN
        DBMS_OUTPUT.PUT_LINE('提示：执行单 ' || p_exec_id || ' 提前执行超过 1 小时');
      ELSE
        NULL;
    END CASE;

    UPDATE nur_exec
       SET exec_status = c_status_done,
           exec_time   = SYSDATE,
           nurse_id    = p_nurse_id,
           remark      = NVL(p_remark, remark)
     WHERE exec_id = p_exec_id;
    IF SQL%ROWCOUNT = 1 THEN
      g_done_total := g_done_total + 1;
    END IF;

    <<log_blk>>
    DECLARE
      v_log_id nur_exec_log.log_id%TYPE;
    BEGIN
      INSERT INTO nur_exec_log (log_id, exec_id, action, log_time, log_user, remark)
      VALUES (seq_nur_log.NEXTVAL, p_exec_id, 'BEDSIDE', SYSDATE, USER, p_remark)
      RETURNING log_id INTO v_log_id;
    EXCEPTION
      WHEN DUP_VAL_ON_INDEX THEN
        DBMS_OUTPUT.PUT_LINE('床旁日志主键冲突，已忽略：' || SQLERRM);
    END log_blk;
  EXCEPTION
    WHEN NO_DATA_FOUND OR e_order_stopped THEN
      RAISE_APPLICATION_ERROR(-20101, '执行单 ' || p_exec_id || ' 不存在或医嘱已停止', TRUE);
    WHEN e_row_locked OR e_wait_timeout THEN
      RAISE_APPLICATION_ERROR(-20106, '执行单 ' || p_exec_id || ' 正被其他护士处理，请稍后重试');
    WHEN OTHERS THEN
      DBMS_OUTPUT.PUT_LINE('执行失败：' || SQLERRM);
      RAISE;
  END execute_one;

  PROCEDURE execute_one (p_exec_rec IN OUT NOCOPY t_exec_rec, p_nurse_id IN t_nurse_id)
  IS
  BEGIN
    execute_one(p_exec_id  => p_exec_rec.exec_id,
                p_nurse_id => p_nurse_id,
                p_remark   => p_exec_rec.remark);
    p_exec_rec.exec_status := c_status_done;
  EXCEPTION
    WHEN OTHERS THEN
      p_exec_rec.exec_status := 'E';
      p_exec_rec.remark      := SUBSTR(SQLERRM, 1, 200);
  END execute_one;

  PROCEDURE batch_execute (p_ward IN VARCHAR2, p_nurse_id IN t_nurse_id,
                           p_done OUT PLS_INTEGER, p_failed OUT PLS_INTEGER)
  IS
    TYPE t_rows IS TABLE OF nur_exec%ROWTYPE;
    v_rows  t_rows;
    v_ids   t_id_list;
    v_k     PLS_INTEGER;
  BEGIN
    p_done   := 0;
    p_failed := 0;
    COMMIT;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED NAME 'NUR_BATCH_EXEC';
    pkg_nur_batch_ctx.start_batch(p_ward);

    OPEN c_due_exec(p_ward, SYSDATE + 30 / 1440);
    LOOP
      FETCH c_due_exec BULK COLLECT INTO v_rows LIMIT 100;
      v_ids.DELETE;
      FOR i IN 1 .. v_rows.COUNT LOOP
        -- 皮试类执行单需双人核对，不参与批量执行（下标留空，形成稀疏集合）
        IF v_rows(i).remark LIKE '%皮试%' THEN
          CONTINUE;
        END IF;
        v_ids(i) := v_rows(i).exec_id;
      END LOOP;

      IF v_ids.COUNT > 0 THEN
        BEGIN
          FORALL i IN INDICES OF v_ids SAVE EXCEPTIONS
            UPDATE nur_exec
               SET exec_status = c_status_done,
                   exec_time   = SYSDATE,
                   nurse_id    = p_nurse_id
             WHERE exec_id = v_ids(i)
               AND exec_status = c_status_plan;

          v_k := v_ids.FIRST;
          WHILE v_k IS NOT NULL LOOP
            p_done := p_done + SQL%BULK_ROWCOUNT(v_k);
            v_k := v_ids.NEXT(v_k);
          END LOOP;
        EXCEPTION
          WHEN OTHERS THEN
            IF SQLCODE = -24381 THEN
              FOR j IN 1 .. SQL%BULK_EXCEPTIONS.COUNT LOOP
                DBMS_OUTPUT.PUT_LINE('第 ' || SQL%BULK_EXCEPTIONS(j).ERROR_INDEX || ' 次更新失败：'
                                     || SQLERRM(-SQL%BULK_EXCEPTIONS(j).ERROR_CODE));
              END LOOP;
              p_failed := p_failed + SQL%BULK_EXCEPTIONS.COUNT;
              p_done   := p_done + SQL%ROWCOUNT;
            ELSE
              RAISE;
            END IF;
        END;
      END IF;
      EXIT WHEN c_due_exec%NOTFOUND;
    END LOOP;
    DBMS_OUTPUT.PUT_LINE('共取到待执行计划 ' || c_due_exec%ROWCOUNT || ' 条');
    CLOSE c_due_exec;

    pkg_nur_batch_ctx.add_result(p_done, p_failed);
    DBMS_OUTPUT.PUT_LINE(pkg_nur_batch_ctx.summary);
    COMMIT;
  EXCEPTION
    WHEN e_row_locked THEN
      IF c_due_exec%ISOPEN THEN
        CLOSE c_due_exec;
      END IF;
      ROLLBACK;
      RAISE_APPLICATION_ERROR(-20106, '病区 ' || p_ward || ' 有执行单正在被处理，请稍后重试');
  END batch_execute;

  PROCEDURE skip_overdue (p_ward IN VARCHAR2, p_hours IN NUMBER DEFAULT 4,
                          p_skipped OUT PLS_INTEGER)
  IS
    CURSOR c_overdue IS
      SELECT e.exec_id, e.plan_time, e.remark
        FROM nur_exec e
       WHERE e.exec_status = 'P'
         AND e.plan_time < SYSDATE - p_hours / 24
         AND EXISTS (SELECT 1 FROM nur_order o
                      WHERE o.order_id = e.order_id AND o.ward_code = p_ward)
         FOR UPDATE OF e.exec_status SKIP LOCKED;
    v_row c_overdue%ROWTYPE;
  BEGIN
    p_skipped := 0;
    OPEN c_overdue;
    LOOP
      FETCH c_overdue INTO v_row;
      EXIT WHEN c_overdue%NOTFOUND;
      UPDATE nur_exec
         SET exec_status = 'S',
             remark      = SUBSTR(v_row.remark || '；超时未执行，系统跳过', 1, 200)
       WHERE CURRENT OF c_overdue;
      IF SQL%FOUND THEN
        p_skipped := p_skipped + 1;
      END IF;
    END LOOP;
    CLOSE c_overdue;
  END skip_overdue;

  PROCEDURE cancel_stopped (p_ward IN VARCHAR2, p_cancelled OUT PLS_INTEGER)
  IS
    TYPE t_num_tab  IS TABLE OF NUMBER;
    TYPE t_date_tab IS TABLE OF DATE;
    TYPE t_pos_tab  IS TABLE OF PLS_INTEGER INDEX BY PLS_INTEGER;
    v_ids    t_num_tab;
    v_plans  t_date_tab;
    v_pos    t_pos_tab;
  BEGIN
    LOCK TABLE nur_exec IN EXCLUSIVE MODE NOWAIT;
    SAVEPOINT sp_cancel;

    UPDATE nur_exec e
       SET e.exec_status = 'C',
           e.remark      = '医嘱已停止，自动作废'
     WHERE e.exec_status = 'P'
       AND e.order_id IN (SELECT o.order_id FROM nur_order o
                           WHERE o.ward_code = p_ward AND o.status = 'S'
                             AND o.stop_time <= e.plan_time)
    RETURNING exec_id, plan_time BULK COLLECT INTO v_ids, v_plans;
    p_cancelled := SQL%ROWCOUNT;

    IF p_cancelled > 500 THEN
      -- 单次作废数量异常，多半是停嘱时间录错，回滚到保存点等待人工核对
      ROLLBACK TO sp_cancel;
      p_cancelled := 0;
      RAISE_APPLICATION_ERROR(-20109, '病区 ' || p_ward || ' 作废计划超过 500 条，请核对停嘱时间');
    END IF;

    -- 只为今日及以后的计划写作废日志
    FOR i IN 1 .. v_ids.COUNT LOOP
      IF v_plans(i) >= TRUNC(SYSDATE) THEN
        v_pos(v_pos.COUNT + 1) := i;
      END IF;
    END LOOP;

    FORALL j IN VALUES OF v_pos
      INSERT INTO nur_exec_log (log_id, exec_id, action, log_time, log_user, remark)
      VALUES (seq_nur_log.NEXTVAL, v_ids(j), 'CANCEL', SYSDATE, USER, '停嘱作废');
  EXCEPTION
    WHEN e_row_locked THEN
      p_cancelled := 0;
      DBMS_OUTPUT.PUT_LINE('执行表正被占用，作废任务稍后重试');
  END cancel_stopped;

  PROCEDURE remove_plan (p_exec_id IN NUMBER, p_order_id OUT NUMBER, p_plan_time OUT DATE)
  IS
  BEGIN
    DELETE FROM nur_exec
     WHERE exec_id = p_exec_id
       AND exec_status = c_status_plan
    RETURNING order_id, plan_time INTO p_order_id, p_plan_time;
    IF SQL%NOTFOUND THEN
      RAISE_APPLICATION_ERROR(-20107, '执行单 ' || p_exec_id || ' 不存在或已执行，不能删除');
    END IF;
  END remove_plan;

  PROCEDURE replan_order (p_order_id IN NUMBER, p_created OUT PLS_INTEGER)
  IS
    v_done_cnt   PLS_INTEGER;
    v_ids        t_id_list;
    v_order_id   NUMBER;
    v_plan_time  DATE;
    v_updated    DATE;
  BEGIN
    EXECUTE IMMEDIATE
      'SELECT COUNT(*) FROM nur_exec WHERE order_id = :1 AND exec_status = :2'
      INTO v_done_cnt
      USING IN p_order_id, IN c_status_done;

    EXECUTE IMMEDIATE
      'SELECT exec_id FROM nur_exec WHERE order_id = :1 AND exec_status = ''P'''
      || ' AND plan_time >= TRUNC(SYSDATE) ORDER BY plan_time'
      BULK COLLECT INTO v_ids
      USING p_order_id;

    -- 从最晚的计划开始删除
    FOR i IN REVERSE 1 .. v_ids.COUNT LOOP
      remove_plan(v_ids(i), v_order_id, v_plan_time);
    END LOOP;

    EXECUTE IMMEDIATE
      'BEGIN pkg_nur_exec.generate_plan(p_order_id => :1, p_days => :2, p_created => :3); END;'
      USING IN p_order_id, IN 1, OUT p_created;

    EXECUTE IMMEDIATE
      'UPDATE nur_order SET remark = :1, update_time = SYSDATE WHERE order_id = :2'
      || ' RETURNING update_time INTO :3'
      USING '重排执行计划（已执行 ' || v_done_cnt || ' 次）', p_order_id
      RETURNING INTO v_updated;
    DBMS_OUTPUT.PUT_LINE('医嘱 ' || p_order_id || ' 于 ' || TO_CHAR(v_updated, 'HH24:MI') || ' 重排完成');
  END replan_order;

  PROCEDURE refresh_shift_stat (p_ward IN VARCHAR2, p_date IN DATE DEFAULT TRUNC(SYSDATE))
  IS
  BEGIN
    MERGE INTO nur_shift_stat t
    USING (SELECT x.ward_code, x.stat_date, x.shift_no,
                  COUNT(*) AS plan_cnt,
                  SUM(CASE WHEN x.exec_status = 'D' THEN 1 ELSE 0 END) AS done_cnt,
                  SUM(CASE WHEN x.exec_status = 'S' THEN 1 ELSE 0 END) AS skip_cnt
             FROM (SELECT o.ward_code, TRUNC(e.plan_time) AS stat_date, e.exec_status,
                          CASE
                            WHEN TO_CHAR(e.plan_time, 'HH24') BETWEEN '08' AND '15' THEN 1
                            WHEN TO_CHAR(e.plan_time, 'HH24') BETWEEN '16' AND '23' THEN 2
                            ELSE 3
                          END AS shift_no
                     FROM nur_exec e
                     JOIN nur_order o ON o.order_id = e.order_id
                    WHERE o.ward_code = p_ward
                      AND e.plan_time >= TRUNC(p_date)
                      AND e.plan_time <  TRUNC(p_date) + 1) x
            GROUP BY x.ward_code, x.stat_date, x.shift_no) s
       ON (t.ward_code = s.ward_code AND t.stat_date = s.stat_date AND t.shift_no = s.shift_no)
     WHEN MATCHED THEN
       UPDATE SET t.plan_cnt = s.plan_cnt, t.done_cnt = s.done_cnt,
                  t.skip_cnt = s.skip_cnt, t.update_time = SYSDATE
     WHEN NOT MATCHED THEN
       INSERT (ward_code, stat_date, shift_no, plan_cnt, done_cnt, skip_cnt, update_time)
       VALUES (s.ward_code, s.stat_date, s.shift_no, s.plan_cnt, s.done_cnt, s.skip_cnt, SYSDATE);

    FOR i IN 1 .. g_shifts.COUNT LOOP
      FOR r IN (SELECT plan_cnt, done_cnt FROM nur_shift_stat
                 WHERE ward_code = p_ward AND stat_date = TRUNC(p_date) AND shift_no = i)
      LOOP
        DBMS_OUTPUT.PUT_LINE(g_shifts(i) || '：计划 ' || r.plan_cnt || '，已执行 ' || r.done_cnt);
      END LOOP;
    END LOOP;
  END refresh_shift_stat;

  PROCEDURE open_worklist (p_ward IN VARCHAR2, p_cur OUT t_exec_cur)
  IS
  BEGIN
    OPEN p_cur FOR
      SELECT e.*
        FROM nur_exec e
       WHERE e.exec_status = c_status_plan
         AND e.order_id IN (SELECT o.order_id FROM nur_order o WHERE o.ward_code = p_ward)
       ORDER BY e.plan_time;
  END open_worklist;

  FUNCTION search_exec (p_ward IN VARCHAR2, p_status IN VARCHAR2 DEFAULT NULL)
    RETURN SYS_REFCURSOR
  IS
    v_cur SYS_REFCURSOR;
  BEGIN
    IF p_status IS NULL THEN
      OPEN v_cur FOR
        'SELECT e.exec_id, e.plan_time, e.exec_status, o.order_text
           FROM nur_exec e JOIN nur_order o ON o.order_id = e.order_id
          WHERE o.ward_code = :ward ORDER BY e.plan_time'
        USING p_ward;
    ELSE
      OPEN v_cur FOR
        'SELECT e.exec_id, e.plan_time, e.exec_status, o.order_text
           FROM nur_exec e JOIN nur_order o ON o.order_id = e.order_id
          WHERE o.ward_code = :ward AND e.exec_status = :st ORDER BY e.plan_time'
        USING p_ward, p_status;
    END IF;
    RETURN v_cur;
  END search_exec;

  PROCEDURE print_ward_summary (p_ward IN VARCHAR2, p_top IN PLS_INTEGER DEFAULT 5)
  IS
    CURSOR c_orders (p_ward_code VARCHAR2, p_type VARCHAR2 := 'LONG') IS
      SELECT o.order_id, o.order_text, o.freq_code, o.status
        FROM nur_order o
       WHERE o.ward_code = p_ward_code AND o.order_type = p_type
       ORDER BY o.order_id;
    TYPE t_text_list IS TABLE OF VARCHAR2(400 CHAR);
    v_by_freq   t_code_count;
    v_lines     t_text_list := t_text_list();
    v_pending   t_id_list;
    v_temp      c_orders%ROWTYPE;
    v_key       VARCHAR2(20);
    v_idx       PLS_INTEGER;
  BEGIN
    <<order_loop>>
    FOR r IN c_orders(p_ward_code => p_ward) LOOP
      CONTINUE order_loop WHEN r.status = 'S';
      IF v_by_freq.EXISTS(r.freq_code) THEN
        v_by_freq(r.freq_code) := v_by_freq(r.freq_code) + 1;
      ELSE
        v_by_freq(r.freq_code) := 1;
      END IF;

      <<exec_loop>>
      FOR e IN (SELECT x.plan_time, x.exec_status
                  FROM nur_exec x
                 WHERE x.order_id = r.order_id
                 ORDER BY x.plan_time)
      LOOP
        IF v_lines.COUNT >= 50 THEN
          EXIT order_loop;   -- 明细过多，不再继续
        END IF;
        CONTINUE exec_loop WHEN e.exec_status = 'C';
        v_lines.EXTEND;
        v_lines(v_lines.LAST) := r.order_text || ' ' || TO_CHAR(e.plan_time, 'MM-DD HH24:MI')
                                 || ' ' || status_name(e.exec_status);
      END LOOP exec_loop;
    END LOOP order_loop;

    -- 关联数组按键升序遍历
    v_key := v_by_freq.FIRST;
    WHILE v_key IS NOT NULL LOOP
      DBMS_OUTPUT.PUT_LINE(RPAD(v_key, 8) || v_by_freq(v_key) || ' 条长期医嘱'
                           || CASE WHEN g_freq_cache.EXISTS(v_key)
                                   THEN '，每日 ' || g_freq_cache(v_key) || ' 次' END);
      v_key := v_by_freq.NEXT(v_key);
    END LOOP;

    IF v_lines.COUNT > p_top THEN
      v_lines.TRIM(v_lines.COUNT - p_top);
    END IF;

    -- 倒序输出明细
    v_idx := v_lines.LAST;
    LOOP
      EXIT WHEN v_idx IS NULL;
      DBMS_OUTPUT.PUT_LINE('  ' || v_lines(v_idx));
      v_idx := v_lines.PRIOR(v_idx);
    END LOOP;

    OPEN c_orders(p_ward, 'TEMP');
    FETCH c_orders INTO v_temp;
    IF c_orders%FOUND THEN
      DBMS_OUTPUT.PUT_LINE('首条临时医嘱：' || v_temp.order_text);
    END IF;
    CLOSE c_orders;

    SELECT e.exec_id BULK COLLECT INTO v_pending
      FROM nur_exec e
      JOIN nur_order o ON o.order_id = e.order_id
     WHERE o.ward_code = p_ward AND e.exec_status = c_status_plan;
    DBMS_OUTPUT.PUT_LINE('病区 ' || p_ward || ' 待执行 ' || v_pending.COUNT
                         || ' 条，本会话已执行 ' || g_done_total || ' 条');
  END print_ward_summary;

BEGIN
  -- 包初始化：缓存启用的频次字典
  FOR f IN (SELECT freq_code FROM nur_freq_dict WHERE is_active = 'Y') LOOP
    g_freq_cache(f.freq_code) := fn_freq_daily_times(f.freq_code);
  END LOOP;
  g_done_total := 0;
END pkg_nur_exec;
/

PROMPT 创建触发器 ...

CREATE OR REPLACE TRIGGER trg_nur_exec_bu_stamp
  BEFORE UPDATE ON nur_exec
  FOR EACH ROW
BEGIN
  :NEW.update_time := SYSDATE;
END;
/

CREATE OR REPLACE TRIGGER trg_nur_exec_bu_check
  BEFORE UPDATE OF exec_status ON nur_exec
  FOR EACH ROW
  FOLLOWS trg_nur_exec_bu_stamp
  WHEN (NEW.exec_status = 'D')
BEGIN
  IF :NEW.nurse_id IS NULL THEN
    RAISE_APPLICATION_ERROR(-20102, '执行单 ' || :NEW.exec_id || ' 缺少执行护士');
  END IF;
  IF :OLD.exec_status IN ('S', 'C') THEN
    RAISE_APPLICATION_ERROR(-20105, '已跳过或已作废的执行单不能再执行');
  END IF;
  :NEW.exec_time := NVL(:NEW.exec_time, SYSDATE);
END;
/

CREATE OR REPLACE TRIGGER trg_nur_exec_ad
  AFTER DELETE ON nur_exec
DECLARE
  v_orphans PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_orphans
    FROM nur_order o
   WHERE o.status = 'N' AND o.order_type = 'LONG'
     AND NOT EXISTS (SELECT 1 FROM nur_exec e WHERE e.order_id = o.order_id);
  IF v_orphans > 0 THEN
    INSERT INTO nur_exec_log (log_id, exec_id, action, log_time, log_user, remark)
    VALUES (seq_nur_log.NEXTVAL, NULL, 'CHECK', SYSDATE, USER,
            '删除计划后有 ' || v_orphans || ' 条在用长期医嘱没有执行计划');
  END IF;
END;
/

CREATE OR REPLACE TRIGGER trg_nur_exec_audit
  FOR INSERT OR UPDATE ON nur_exec
  COMPOUND TRIGGER
  TYPE t_log_tab IS TABLE OF nur_exec_log%ROWTYPE INDEX BY PLS_INTEGER;
  g_logs  t_log_tab;
  g_idx   PLS_INTEGER;

  BEFORE STATEMENT IS
  BEGIN
    g_logs.DELETE;
  END BEFORE STATEMENT;

  AFTER EACH ROW IS
  BEGIN
    g_idx := g_logs.COUNT + 1;
    g_logs(g_idx).log_id   := seq_nur_log.NEXTVAL;
    g_logs(g_idx).exec_id  := :NEW.exec_id;
    g_logs(g_idx).action   := CASE
                                WHEN INSERTING THEN 'PLAN'
                                WHEN :OLD.exec_status <> :NEW.exec_status THEN 'STATUS_' || :NEW.exec_status
                                ELSE 'EDIT'
                              END;
    g_logs(g_idx).log_time := SYSDATE;
    g_logs(g_idx).log_user := USER;
    g_logs(g_idx).remark   := SUBSTR(:NEW.remark, 1, 200);
  END AFTER EACH ROW;

  AFTER STATEMENT IS
  BEGIN
    FORALL i IN 1 .. g_logs.COUNT
      INSERT INTO nur_exec_log VALUES g_logs(i);
    g_logs.DELETE;
  END AFTER STATEMENT;
END trg_nur_exec_audit;
/

-- 补录执行（如抢救后补记）：通过视图插入
CREATE OR REPLACE TRIGGER trg_v_nur_exec_entry_ii
  INSTEAD OF INSERT ON v_nur_exec_entry
  FOR EACH ROW
DECLARE
  v_status   nur_order.status%TYPE;
  v_exec_id  nur_exec.exec_id%TYPE;
BEGIN
  SELECT status INTO v_status FROM nur_order WHERE order_id = :NEW.order_id;
  IF v_status = 'S' THEN
    RAISE_APPLICATION_ERROR(-20101, '医嘱 ' || :NEW.order_id || ' 已停止，不能补录执行');
  END IF;
  INSERT INTO nur_exec (exec_id, order_id, plan_time, exec_time, nurse_id, exec_status, remark)
  VALUES (seq_nur_exec.NEXTVAL, :NEW.order_id, NVL(:NEW.plan_time, :NEW.exec_time),
          NVL(:NEW.exec_time, SYSDATE), :NEW.nurse_id, 'D', NVL(:NEW.remark, '补录'))
  RETURNING exec_id INTO v_exec_id;
  INSERT INTO nur_exec_log (log_id, exec_id, action, log_time, log_user, remark)
  VALUES (seq_nur_log.NEXTVAL, v_exec_id, 'MAKEUP', SYSDATE, USER, '视图补录');
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20108, '医嘱不存在：' || :NEW.order_id);
END;
/

-- 床旁 PDA 待办：输液任务单独标注滴速
CREATE OR REPLACE FUNCTION fn_nur_task_feed (p_ward IN VARCHAR2, p_hours IN NUMBER DEFAULT 2)
  RETURN t_nur_task_list PIPELINED
IS
  v_task t_nur_task;
BEGIN
  FOR r IN (SELECT o.order_id, o.order_text, o.route, o.volume_ml, o.drip_rate, e.plan_time
              FROM nur_exec e
              JOIN nur_order o ON o.order_id = e.order_id
             WHERE o.ward_code = p_ward
               AND e.exec_status = 'P'
               AND e.plan_time < SYSDATE + p_hours / 24
             ORDER BY e.plan_time)
  LOOP
    IF r.route = 'IVGTT' THEN
      v_task := t_nur_infusion(r.order_id, r.order_text, r.plan_time, 3, r.volume_ml, r.drip_rate);
    ELSIF r.plan_time < SYSDATE THEN
      v_task := t_nur_task.urgent(r.order_id, r.order_text);
      v_task.plan_time := r.plan_time;
    ELSE
      v_task := t_nur_task(r.order_id, r.order_text);
      v_task.plan_time := r.plan_time;
    END IF;
    PIPE ROW (v_task);
  END LOOP;
  RETURN;
END fn_nur_task_feed;
/

PROMPT 写入种子数据 ...

INSERT INTO nur_freq_dict VALUES ('QD',  '每日一次', 1, t_freq_times('08:00'), 'Y');
INSERT INTO nur_freq_dict VALUES ('BID', '每日两次', 2, t_freq_times('08:00', '16:00'), 'Y');
INSERT INTO nur_freq_dict VALUES ('TID', '每日三次', 3, t_freq_times('08:00', '12:00', '16:00'), 'Y');
INSERT INTO nur_freq_dict VALUES ('Q6H', '每6小时一次', 4, t_freq_times('00:00', '06:00', '12:00', '18:00'), 'Y');
INSERT INTO nur_freq_dict VALUES ('ST',  '立即', 1, NULL, 'Y');

INSERT INTO nur_order (order_id, patient_id, ward_code, bed_no, order_type, order_text, freq_code, route, volume_ml, drip_rate, start_time)
VALUES (1, 100001, 'W301', '301-1', 'LONG', '0.9%氯化钠注射液 250ml + 头孢呋辛 1.5g', 'BID', 'IVGTT', 250, 40, TRUNC(SYSDATE));
INSERT INTO nur_order (order_id, patient_id, ward_code, bed_no, order_type, order_text, freq_code, route, start_time)
VALUES (2, 100001, 'W301', '301-1', 'LONG', '测指尖血糖', 'TID', 'POCT', TRUNC(SYSDATE));
INSERT INTO nur_order (order_id, patient_id, ward_code, bed_no, order_type, order_text, freq_code, route, start_time)
VALUES (3, 100002, 'W301', '302-2', 'LONG', '氨氯地平片 5mg 口服', 'QD', 'PO', TRUNC(SYSDATE));
INSERT INTO nur_order (order_id, patient_id, ward_code, bed_no, order_type, order_text, freq_code, route, start_time)
VALUES (4, 100002, 'W301', '302-2', 'TEMP', '青霉素皮试', 'ST', 'ID', TRUNC(SYSDATE) + 9 / 24);
COMMIT;

PROMPT 冒烟测试 ...

DECLARE
  v_created   PLS_INTEGER;
  v_done      PLS_INTEGER;
  v_failed    PLS_INTEGER;
  v_skipped   PLS_INTEGER;
  v_rec       pkg_nur_exec.t_exec_rec;
  v_cur       pkg_nur_exec.t_exec_cur;
  v_row       nur_exec%ROWTYPE;
  v_task      t_nur_task;
BEGIN
  FOR o IN (SELECT order_id FROM nur_order WHERE ward_code = 'W301' ORDER BY order_id) LOOP
    pkg_nur_exec.generate_plan(p_order_id => o.order_id, p_days => 2, p_created => v_created);
  END LOOP;

  SELECT MIN(exec_id) INTO v_rec.exec_id FROM nur_exec WHERE order_id = 2;
  pkg_nur_exec.execute_one(v_rec, p_nurse_id => 2001);
  DBMS_OUTPUT.PUT_LINE('单条执行结果：' || pkg_nur_exec.status_name(v_rec.exec_status));

  pkg_nur_exec.batch_execute('W301', 2001, v_done, v_failed);
  pkg_nur_exec.skip_overdue(p_ward => 'W301', p_skipped => v_skipped);

  pkg_nur_exec.open_worklist('W301', v_cur);
  LOOP
    FETCH v_cur INTO v_row;
    EXIT WHEN v_cur%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE('待执行：' || v_row.exec_id || ' ' || TO_CHAR(v_row.plan_time, 'MM-DD HH24:MI'));
  END LOOP;
  CLOSE v_cur;

  v_task := t_nur_task.urgent(2, '测指尖血糖');
  v_task.postpone(30);
  DBMS_OUTPUT.PUT_LINE(v_task.describe());

  INSERT INTO v_nur_exec_entry (order_id, exec_time, nurse_id, remark)
  VALUES (3, SYSDATE - 1 / 24, 2002, '抢救后补录');

  UPDATE nur_order SET status = 'S', stop_time = SYSDATE WHERE order_id = 1;
  pkg_nur_exec.cancel_stopped('W301', v_created);
  pkg_nur_exec.replan_order(2, v_created);
  pkg_nur_exec.refresh_shift_stat('W301');
  pkg_nur_exec.print_ward_summary(p_ward => 'W301', p_top => 3);
  COMMIT;
EXCEPTION
  WHEN pkg_nur_exec.e_order_stopped THEN
    ROLLBACK;
    DBMS_OUTPUT.PUT_LINE('医嘱已停止：' || SQLERRM);
END;
/

SELECT t.order_id, t.task_name, t.priority, VALUE(t).describe() AS task_text
  FROM TABLE(fn_nur_task_feed('W301', 24)) t
 ORDER BY VALUE(t);

SELECT pkg_nur_exec.status_name(exec_status) AS status_text, COUNT(*) AS cnt
  FROM nur_exec
 GROUP BY exec_status;

PROMPT 护理评分类型、设备校验外部函数与夜班审计触发器 ...

-- 一次体征采集最多 6 个读数（可变数组的另一种写法 VARYING ARRAY）
CREATE OR REPLACE TYPE t_vital_readings AS VARYING ARRAY(6) OF NUMBER(5,1);
/

-- 护理评分：按分值比较大小，供 ORDER BY 直接排序
CREATE OR REPLACE TYPE t_nur_score AS OBJECT (
  score_code   VARCHAR2(20),
  score_value  NUMBER(5,1),
  ORDER MEMBER FUNCTION compare_to (p_other t_nur_score) RETURN INTEGER
) NOT FINAL;
/

CREATE OR REPLACE TYPE BODY t_nur_score AS
  ORDER MEMBER FUNCTION compare_to (p_other t_nur_score) RETURN INTEGER IS
  BEGIN
    RETURN SIGN(score_value - p_other.score_value);
  END;
END;
/

-- 评估量表（Braden、Morse 等）的抽象父类型：只能由子类型实例化
CREATE OR REPLACE TYPE t_nur_scale AS OBJECT (
  scale_name  VARCHAR2(50),
  NOT INSTANTIABLE MEMBER FUNCTION total_score RETURN NUMBER
) NOT FINAL NOT INSTANTIABLE;
/

-- 床旁设备上传报文的校验码，由设备厂商的 C 库计算
CREATE OR REPLACE FUNCTION f_device_checksum (p_payload IN VARCHAR2) RETURN BINARY_INTEGER
AS LANGUAGE C
   LIBRARY his_device_lib
   NAME "device_checksum"
   PARAMETERS (p_payload STRING);
/

-- 夜班执行审计：先于时间戳触发器执行；上线前保持禁用
CREATE OR REPLACE TRIGGER trg_nur_exec_bu_night
  BEFORE UPDATE ON nur_exec
  FOR EACH ROW
  PRECEDES trg_nur_exec_bu_stamp
  DISABLE
  WHEN (TO_NUMBER(TO_CHAR(SYSDATE, 'HH24')) NOT BETWEEN 8 AND 17)
BEGIN
  :NEW.remark := SUBSTR(NVL(:NEW.remark, '') || '（夜班）', 1, 200);
END;
/
