REM ==========================================================================
REM  文件名称 : his_outpatient_billing.sql
REM  所属系统 : 医院信息系统（HIS）- 门诊挂号与收费子系统
REM  目标库   : Oracle 19c（SQL*Plus 部署脚本）
REM  执行方式 : sqlplus his_op/<密码>@HISDB @his_outpatient_billing.sql
REM  依赖脚本 : his_common_types.sql（公共类型）、pkg_pharmacy.pks/pkb（门诊药房）
REM  修改记录 :
REM    2021-03-15  张伟    初始版本：挂号、划价、收费
REM    2022-07-02  李娜    医保甲乙丙分类、乙类先行自付比例
REM    2023-11-20  王强    电子票据号段管理、退费冲红、收费审计
REM    2024-05-08  赵敏    门诊药房按批号效期先进先出发药
REM ==========================================================================
SET DEFINE OFF
SET SERVEROUTPUT ON SIZE 1000000
SET SQLBLANKLINES ON
SET ECHO OFF
SET FEEDBACK ON
SET VERIFY OFF
SET LINESIZE 200
SET PAGESIZE 100
SET TIMING OFF

SPOOL his_install.log

PROMPT ==========================================================
PROMPT  开始安装：门诊挂号与收费模块（HIS-OP）
PROMPT ==========================================================

REM 公共类型（字典、通用返回结构）由基础平台组维护
@@his_common_types.sql

PROMPT [1/12] 清理旧对象（首次安装时对象不存在，忽略 ORA-00942/ORA-02289/ORA-04043）...
WHENEVER SQLERROR CONTINUE

DECLARE
  TYPE t_name_list IS TABLE OF VARCHAR2(200);
  -- 删除顺序：先子表后父表；类型最后删除
  l_drops t_name_list := t_name_list(
    'DROP TABLE ph_stock_log CASCADE CONSTRAINTS PURGE',
    'DROP TABLE ph_dispense_batch CASCADE CONSTRAINTS PURGE',
    'DROP TABLE ph_dispense CASCADE CONSTRAINTS PURGE',
    'DROP TABLE ph_stock_batch CASCADE CONSTRAINTS PURGE',
    'DROP TABLE ph_drug CASCADE CONSTRAINTS PURGE',
    'DROP TABLE "OpChargeAudit" CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_print_template CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_refund CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_invoice CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_invoice_segment CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_charge_detail CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_charge CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_fee_order CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_registration CASCADE CONSTRAINTS PURGE',
    'DROP TABLE op_schedule CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_ins_policy CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_fee_item CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_patient CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_doctor CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_department CASCADE CONSTRAINTS PURGE',
    'DROP TABLE his_op_log CASCADE CONSTRAINTS PURGE',
    'DROP TABLE gtt_fee_calc PURGE',
    'DROP TYPE t_fee_list FORCE',
    'DROP TYPE t_fee_item FORCE'
  );
BEGIN
  FOR i IN 1 .. l_drops.COUNT LOOP
    BEGIN
      EXECUTE IMMEDIATE l_drops(i);
      DBMS_OUTPUT.PUT_LINE('已删除: ' || l_drops(i));
    EXCEPTION
      WHEN OTHERS THEN
        -- -942 表不存在；-4043 对象不存在；其余错误照常抛出
        IF SQLCODE NOT IN (-942, -4043) THEN
          RAISE;
        END IF;
    END;
  END LOOP;
END;
/

BEGIN
  FOR s IN (SELECT sequence_name
              FROM user_sequences
             WHERE sequence_name LIKE 'SEQ\_HIS\_%' ESCAPE '\'
                OR sequence_name LIKE 'SEQ\_OP\_%' ESCAPE '\'
                OR sequence_name LIKE 'SEQ\_PH\_%' ESCAPE '\')
  LOOP
    EXECUTE IMMEDIATE 'DROP SEQUENCE ' || s.sequence_name;
  END LOOP;
END;
/

WHENEVER SQLERROR EXIT SQL.SQLCODE

PROMPT [2/12] 创建基础字典表：科室、医生、患者、收费项目 ...

-- ------------------------------------------------------------------------
-- 科室表：树形结构，parent_id 指向上级科室（院区 -> 大科 -> 专科）
-- dept_type: C 临床  M 医技  A 行政  P 药剂
-- ------------------------------------------------------------------------
CREATE TABLE his_department
(
  dept_id         NUMBER(10)            NOT NULL,
  dept_code       VARCHAR2(20)          NOT NULL,
  dept_name       VARCHAR2(100 CHAR)    NOT NULL,
  dept_alias      NVARCHAR2(50),
  parent_id       NUMBER(10),
  dept_type       CHAR(1)               DEFAULT 'C' NOT NULL,
  pinyin_code     VARCHAR2(30),
  location        VARCHAR2(200 CHAR),
  phone_ext       VARCHAR2(10),
  sort_no         NUMBER(5)             DEFAULT 0,
  is_outpatient   CHAR(1)               DEFAULT 'Y' NOT NULL,
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  create_time     DATE                  DEFAULT SYSDATE NOT NULL,
  update_time     DATE,
  CONSTRAINT pk_his_department PRIMARY KEY (dept_id),
  CONSTRAINT uk_his_department_code UNIQUE (dept_code),
  CONSTRAINT fk_his_department_parent FOREIGN KEY (parent_id)
    REFERENCES his_department (dept_id),
  CONSTRAINT ck_his_department_type CHECK (dept_type IN ('C', 'M', 'A', 'P')),
  CONSTRAINT ck_his_department_opd CHECK (is_outpatient IN ('Y', 'N')),
  CONSTRAINT ck_his_department_status CHECK (status IN ('0', '1'))
)
TABLESPACE his_data
PCTFREE 10
STORAGE (INITIAL 64K);

COMMENT ON TABLE his_department IS '科室字典表（树形结构）';
COMMENT ON COLUMN his_department.dept_id IS '科室ID';
COMMENT ON COLUMN his_department.dept_code IS '科室编码（院内唯一）';
COMMENT ON COLUMN his_department.dept_name IS '科室名称';
COMMENT ON COLUMN his_department.dept_alias IS '科室别名/对外显示名';
COMMENT ON COLUMN his_department.parent_id IS '上级科室ID，院区根节点为空';
COMMENT ON COLUMN his_department.dept_type IS '科室类型：C临床 M医技 A行政 P药剂';
COMMENT ON COLUMN his_department.is_outpatient IS '是否开设门诊：Y是 N否';
COMMENT ON COLUMN his_department.status IS '状态：1启用 0停用';

-- 医生表：reg_level 决定挂号级别与诊查费标准
CREATE TABLE his_doctor
(
  doctor_id       NUMBER(10)            NOT NULL,
  doctor_code     VARCHAR2(20)          NOT NULL,
  doctor_name     NVARCHAR2(50)         NOT NULL,
  gender          CHAR(1),
  dept_id         NUMBER(10)            NOT NULL,
  title_name      VARCHAR2(30 CHAR),
  reg_level       CHAR(1)               DEFAULT '1' NOT NULL,  -- 1普通 2副主任 3主任 4知名专家
  specialty       VARCHAR2(500 CHAR),
  license_no      VARCHAR2(30),
  photo           BLOB,
  sign_image      BLOB,
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  create_time     DATE                  DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_his_doctor PRIMARY KEY (doctor_id),
  CONSTRAINT uk_his_doctor_code UNIQUE (doctor_code),
  CONSTRAINT fk_his_doctor_dept FOREIGN KEY (dept_id) REFERENCES his_department (dept_id),
  CONSTRAINT ck_his_doctor_level CHECK (reg_level IN ('1', '2', '3', '4')),
  CONSTRAINT ck_his_doctor_gender CHECK (gender IN ('M', 'F'))
)
TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K);

COMMENT ON TABLE his_doctor IS '医生信息表';
COMMENT ON COLUMN his_doctor.doctor_name IS '医生姓名（NVARCHAR2，兼容外籍专家姓名）';
COMMENT ON COLUMN his_doctor.title_name IS '职称：主任医师/副主任医师/主治医师/住院医师';
COMMENT ON COLUMN his_doctor.reg_level IS '挂号级别：1普通 2副主任 3主任 4知名专家';
COMMENT ON COLUMN his_doctor.sign_image IS '电子签名图片';

-- 患者主索引（EMPI 简化版）
CREATE TABLE his_patient
(
  patient_id      NUMBER(12)            NOT NULL,
  card_no         VARCHAR2(30)          NOT NULL,
  patient_name    VARCHAR2(50 CHAR)     NOT NULL,
  name_pinyin     VARCHAR2(100),
  gender          CHAR(1)               DEFAULT 'U' NOT NULL,
  birth_date      DATE,
  id_type         CHAR(2)               DEFAULT '01' NOT NULL,
  id_card_no      VARCHAR2(18),
  phone           VARCHAR2(20),
  address         NVARCHAR2(200),
  insurance_type  VARCHAR2(10)          DEFAULT 'SELF' NOT NULL,
  insurance_no    VARCHAR2(40),
  balance         NUMBER(12,2)          DEFAULT 0 NOT NULL,
  finger_digest   RAW(32),
  remark          VARCHAR2(1000 CHAR),
  create_time     DATE                  DEFAULT SYSDATE NOT NULL,
  update_time     DATE,
  version_no      NUMBER                DEFAULT 0 NOT NULL,
  CONSTRAINT pk_his_patient PRIMARY KEY (patient_id),
  CONSTRAINT uk_his_patient_card UNIQUE (card_no),
  CONSTRAINT ck_his_patient_gender CHECK (gender IN ('M', 'F', 'U')),
  CONSTRAINT ck_his_patient_ins CHECK (insurance_type IN ('SELF', 'UEBMI', 'URRBMI', 'LX', 'GF')),
  CONSTRAINT ck_his_patient_balance CHECK (balance >= 0)
)
TABLESPACE his_data
PCTFREE 10
STORAGE (INITIAL 64K);

COMMENT ON TABLE his_patient IS '患者基本信息表（就诊卡）';
COMMENT ON COLUMN his_patient.card_no IS '就诊卡号';
COMMENT ON COLUMN his_patient.id_type IS '证件类型：01居民身份证 03护照 06港澳通行证';
COMMENT ON COLUMN his_patient.insurance_type IS '医保类型：SELF自费 UEBMI城镇职工 URRBMI城乡居民 LX离休 GF公费';
COMMENT ON COLUMN his_patient.balance IS '就诊卡预存余额（元）';
COMMENT ON COLUMN his_patient.finger_digest IS '指纹特征摘要（SHA-256）';
COMMENT ON COLUMN his_patient.version_no IS '乐观锁版本号';

-- 收费项目字典（含药品、检查、检验、治疗、材料）
CREATE TABLE his_fee_item
(
  item_id         NUMBER(10)            NOT NULL,
  item_code       VARCHAR2(30)          NOT NULL,
  item_name       VARCHAR2(200 CHAR)    NOT NULL,
  item_category   CHAR(2)               NOT NULL,
  spec            VARCHAR2(100 CHAR),
  unit_name       VARCHAR2(20 CHAR),
  price           NUMBER(12,4)          NOT NULL,
  ins_class       CHAR(1)               DEFAULT 'C' NOT NULL,
  self_ratio      NUMBER(5,4)           DEFAULT 0,
  nhsa_code       VARCHAR2(50),
  exec_dept_id    NUMBER(10),
  effective_date  DATE                  DEFAULT SYSDATE NOT NULL,
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  CONSTRAINT pk_his_fee_item PRIMARY KEY (item_id),
  CONSTRAINT uk_his_fee_item_code UNIQUE (item_code),
  CONSTRAINT fk_his_fee_item_dept FOREIGN KEY (exec_dept_id) REFERENCES his_department (dept_id),
  CONSTRAINT ck_his_fee_item_price CHECK (price >= 0),
  CONSTRAINT ck_his_fee_item_class CHECK (ins_class IN ('A', 'B', 'C')),
  CONSTRAINT ck_his_fee_item_ratio CHECK (self_ratio BETWEEN 0 AND 1)
);

COMMENT ON TABLE his_fee_item IS '收费项目字典';
COMMENT ON COLUMN his_fee_item.item_category IS '项目类别：01挂号 02诊查 03检查 04检验 05西药 06中成药 07治疗 08材料';
COMMENT ON COLUMN his_fee_item.price IS '单价（元，保留4位小数）';
COMMENT ON COLUMN his_fee_item.ins_class IS '医保类别：A甲类 B乙类 C丙类（全自费）';
COMMENT ON COLUMN his_fee_item.self_ratio IS '乙类项目先行自付比例，例如0.1表示10%';
COMMENT ON COLUMN his_fee_item.nhsa_code IS '国家医保服务项目/药品编码';

-- 医保报销政策（门诊统筹）
CREATE TABLE his_ins_policy
(
  policy_id        NUMBER(10)           NOT NULL,
  insurance_type   VARCHAR2(10)         NOT NULL,
  visit_type       CHAR(1)              DEFAULT 'O' NOT NULL,
  deductible       NUMBER(10,2)         DEFAULT 0 NOT NULL,
  reimburse_ratio  NUMBER(5,4)          NOT NULL,
  annual_cap       NUMBER(12,2),
  begin_date       DATE                 NOT NULL,
  end_date         DATE,
  policy_desc      VARCHAR2(500 CHAR),
  CONSTRAINT pk_his_ins_policy PRIMARY KEY (policy_id),
  CONSTRAINT ck_his_ins_policy_visit CHECK (visit_type IN ('O', 'I')),
  CONSTRAINT ck_his_ins_policy_ratio CHECK (reimburse_ratio BETWEEN 0 AND 1),
  CONSTRAINT ck_his_ins_policy_dates CHECK (end_date IS NULL OR end_date > begin_date)
);

COMMENT ON TABLE his_ins_policy IS '医保报销政策表';
COMMENT ON COLUMN his_ins_policy.visit_type IS '就诊类型：O门诊 I住院';
COMMENT ON COLUMN his_ins_policy.deductible IS '起付标准（元）';
COMMENT ON COLUMN his_ins_policy.reimburse_ratio IS '统筹基金支付比例';
COMMENT ON COLUMN his_ins_policy.annual_cap IS '年度统筹最高支付限额';

PROMPT [3/12] 创建门诊业务表：排班、挂号、划价、收费、发票、退费 ...

-- 门诊排班（号源）
CREATE TABLE op_schedule
(
  schedule_id     NUMBER(12)            NOT NULL,
  doctor_id       NUMBER(10),
  dept_id         NUMBER(10)            NOT NULL,
  work_date       DATE                  NOT NULL,
  time_slot       CHAR(1)               NOT NULL,
  reg_level       CHAR(1)               DEFAULT '1' NOT NULL,
  total_quota     NUMBER(4)             DEFAULT 30 NOT NULL,
  used_quota      NUMBER(4)             DEFAULT 0 NOT NULL,
  reg_item_id     NUMBER(10)            NOT NULL,
  diag_item_id    NUMBER(10),
  clinic_room     VARCHAR2(50 CHAR),
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  CONSTRAINT pk_op_schedule PRIMARY KEY (schedule_id),
  CONSTRAINT uk_op_schedule UNIQUE (dept_id, doctor_id, work_date, time_slot),
  CONSTRAINT fk_op_schedule_doctor FOREIGN KEY (doctor_id) REFERENCES his_doctor (doctor_id),
  CONSTRAINT fk_op_schedule_dept FOREIGN KEY (dept_id) REFERENCES his_department (dept_id),
  CONSTRAINT fk_op_schedule_reg_item FOREIGN KEY (reg_item_id) REFERENCES his_fee_item (item_id),
  CONSTRAINT fk_op_schedule_diag_item FOREIGN KEY (diag_item_id) REFERENCES his_fee_item (item_id),
  CONSTRAINT ck_op_schedule_quota CHECK (used_quota BETWEEN 0 AND total_quota),
  CONSTRAINT ck_op_schedule_slot CHECK (time_slot IN ('A', 'P', 'N'))
);

COMMENT ON TABLE op_schedule IS '门诊医生排班（号源）表';
COMMENT ON COLUMN op_schedule.time_slot IS '时段：A上午 P下午 N夜间门诊';
COMMENT ON COLUMN op_schedule.total_quota IS '号源总数';
COMMENT ON COLUMN op_schedule.used_quota IS '已挂号数';
COMMENT ON COLUMN op_schedule.status IS '状态：1正常 0停诊';

-- 挂号记录
CREATE TABLE op_registration
(
  reg_id          NUMBER(12)            NOT NULL,
  reg_no          VARCHAR2(20)          NOT NULL,
  patient_id      NUMBER(12)            NOT NULL,
  schedule_id     NUMBER(12),
  dept_id         NUMBER(10)            NOT NULL,
  doctor_id       NUMBER(10),
  visit_date      DATE                  NOT NULL,
  queue_no        NUMBER(4),
  reg_type        CHAR(1)               DEFAULT 'W' NOT NULL,
  reg_fee         NUMBER(10,2)          DEFAULT 0 NOT NULL,
  diag_fee        NUMBER(10,2)          DEFAULT 0 NOT NULL,
  insurance_type  VARCHAR2(10),
  is_emergency    CHAR(1)               DEFAULT 'N' NOT NULL,
  status          CHAR(1)               DEFAULT 'N' NOT NULL,
  reg_time        TIMESTAMP(6)          DEFAULT SYSTIMESTAMP NOT NULL,
  operator_id     NUMBER(10),
  cancel_time     TIMESTAMP,
  cancel_reason   VARCHAR2(200 CHAR),
  remark          CLOB,
  CONSTRAINT pk_op_registration PRIMARY KEY (reg_id),
  CONSTRAINT uk_op_registration_no UNIQUE (reg_no),
  CONSTRAINT fk_op_reg_patient FOREIGN KEY (patient_id) REFERENCES his_patient (patient_id),
  CONSTRAINT fk_op_reg_schedule FOREIGN KEY (schedule_id) REFERENCES op_schedule (schedule_id),
  CONSTRAINT fk_op_reg_dept FOREIGN KEY (dept_id) REFERENCES his_department (dept_id),
  CONSTRAINT fk_op_reg_doctor FOREIGN KEY (doctor_id) REFERENCES his_doctor (doctor_id),
  CONSTRAINT ck_op_reg_type CHECK (reg_type IN ('W', 'A', 'S', 'O')),
  CONSTRAINT ck_op_reg_status CHECK (status IN ('N', 'V', 'C'))
)
TABLESPACE his_data
PCTFREE 10
STORAGE (INITIAL 64K);

COMMENT ON TABLE op_registration IS '门诊挂号记录表';
COMMENT ON COLUMN op_registration.reg_no IS '挂号单号：GH + 年月日 + 6位流水';
COMMENT ON COLUMN op_registration.queue_no IS '候诊序号';
COMMENT ON COLUMN op_registration.reg_type IS '挂号方式：W窗口 A预约 S自助机 O互联网医院';
COMMENT ON COLUMN op_registration.status IS '状态：N待就诊 V已就诊 C已退号';
COMMENT ON COLUMN op_registration.remark IS '备注（分诊护士记录，可能较长）';

-- 门诊划价（医嘱费用），收费前状态为 U
CREATE TABLE op_fee_order
(
  order_id        NUMBER(14)            NOT NULL,
  reg_id          NUMBER(12)            NOT NULL,
  patient_id      NUMBER(12)            NOT NULL,
  item_id         NUMBER(10)            NOT NULL,
  qty             NUMBER(10,2)          DEFAULT 1 NOT NULL,
  unit_price      NUMBER(12,4)          NOT NULL,
  amount          NUMBER(12,2)          NOT NULL,
  order_doctor_id NUMBER(10),
  exec_dept_id    NUMBER(10),
  exec_status     CHAR(1)               DEFAULT 'N' NOT NULL,
  charge_id       NUMBER(14),
  status          CHAR(1)               DEFAULT 'U' NOT NULL,
  order_time      DATE                  DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_op_fee_order PRIMARY KEY (order_id),
  CONSTRAINT fk_op_fee_order_reg FOREIGN KEY (reg_id) REFERENCES op_registration (reg_id),
  CONSTRAINT fk_op_fee_order_item FOREIGN KEY (item_id) REFERENCES his_fee_item (item_id),
  CONSTRAINT ck_op_fee_order_qty CHECK (qty <> 0),
  CONSTRAINT ck_op_fee_order_exec CHECK (exec_status IN ('N', 'Y')),
  CONSTRAINT ck_op_fee_order_status CHECK (status IN ('U', 'P', 'R', 'X'))
);

COMMENT ON TABLE op_fee_order IS '门诊划价明细（待收费医嘱）';
COMMENT ON COLUMN op_fee_order.exec_status IS '执行状态：N未执行 Y已执行（已执行项目不可直接退费）';
COMMENT ON COLUMN op_fee_order.status IS '收费状态：U未收费 P已收费 R已退费 X已作废';

/*
 * 收费主表说明：金额字段统一保留两位小数; 冲红记录金额为负数。
 * 注意：patient's 就诊卡余额扣减必须与收费记录在同一事务内完成，
 *       否则会出现 "钱扣了票没出" 的情况 -- 2023 年曾发生过。
 */
CREATE TABLE op_charge
(
  charge_id       NUMBER(14)            NOT NULL,
  charge_no       VARCHAR2(24)          NOT NULL,
  reg_id          NUMBER(12)            NOT NULL,
  patient_id      NUMBER(12)            NOT NULL,
  invoice_no      VARCHAR2(30),
  total_amount    NUMBER(12,2)          DEFAULT 0 NOT NULL,
  fund_pay        NUMBER(12,2)          DEFAULT 0 NOT NULL,
  account_pay     NUMBER(12,2)          DEFAULT 0 NOT NULL,
  cash_pay        NUMBER(12,2)          DEFAULT 0 NOT NULL,
  pay_method      VARCHAR2(10)          DEFAULT 'CASH' NOT NULL,
  status          CHAR(1)               DEFAULT 'N' NOT NULL,
  charge_time     DATE                  DEFAULT SYSDATE NOT NULL,
  operator_id     NUMBER(10)            NOT NULL,
  orig_charge_id  NUMBER(14),
  settle_serial   VARCHAR2(64),
  CONSTRAINT pk_op_charge PRIMARY KEY (charge_id),
  CONSTRAINT uk_op_charge_no UNIQUE (charge_no),
  CONSTRAINT fk_op_charge_reg FOREIGN KEY (reg_id) REFERENCES op_registration (reg_id),
  CONSTRAINT fk_op_charge_orig FOREIGN KEY (orig_charge_id) REFERENCES op_charge (charge_id),
  CONSTRAINT ck_op_charge_status CHECK (status IN ('N', 'R', 'H')),
  CONSTRAINT ck_op_charge_pay CHECK (pay_method IN ('CASH', 'CARD', 'WECHAT', 'ALIPAY', 'INSUR', 'BALANCE')),
  CONSTRAINT ck_op_charge_sum CHECK (total_amount = fund_pay + account_pay + cash_pay)
)
TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K);

COMMENT ON TABLE op_charge IS '门诊收费主表（结算单）';
COMMENT ON COLUMN op_charge.charge_no IS '收费单号';
COMMENT ON COLUMN op_charge.fund_pay IS '医保统筹基金支付';
COMMENT ON COLUMN op_charge.account_pay IS '医保个人账户支付';
COMMENT ON COLUMN op_charge.cash_pay IS '个人现金支付';
COMMENT ON COLUMN op_charge.pay_method IS q'!支付方式：CASH现金 'CARD'银行卡 WECHAT微信 ALIPAY支付宝 INSUR医保 BALANCE就诊卡余额!';
COMMENT ON COLUMN op_charge.status IS '状态：N正常 R已退费（原单） H冲红记录';
COMMENT ON COLUMN op_charge.orig_charge_id IS '冲红记录对应的原收费ID';

ALTER TABLE op_fee_order ADD CONSTRAINT fk_op_fee_order_charge
  FOREIGN KEY (charge_id) REFERENCES op_charge (charge_id);

CREATE TABLE op_charge_detail
(
  detail_id       NUMBER(14)            NOT NULL,
  charge_id       NUMBER(14)            NOT NULL,
  order_id        NUMBER(14),
  item_id         NUMBER(10)            NOT NULL,
  qty             NUMBER(10,2)          NOT NULL,
  unit_price      NUMBER(12,4)          NOT NULL,
  amount          NUMBER(12,2)          NOT NULL,
  ins_class       CHAR(1),
  fund_amount     NUMBER(12,2)          DEFAULT 0,
  self_amount     NUMBER(12,2)          DEFAULT 0,
  CONSTRAINT pk_op_charge_detail PRIMARY KEY (detail_id),
  CONSTRAINT fk_op_charge_detail_charge FOREIGN KEY (charge_id)
    REFERENCES op_charge (charge_id) ON DELETE CASCADE,
  CONSTRAINT fk_op_charge_detail_item FOREIGN KEY (item_id) REFERENCES his_fee_item (item_id)
);

COMMENT ON TABLE op_charge_detail IS '门诊收费明细表';
COMMENT ON COLUMN op_charge_detail.fund_amount IS '该明细统筹支付金额';
COMMENT ON COLUMN op_charge_detail.self_amount IS '该明细个人自付金额';

-- 纸质发票号段（收费员领用）
CREATE TABLE op_invoice_segment
(
  segment_id      NUMBER(10)            NOT NULL,
  operator_id     NUMBER(10)            NOT NULL,
  invoice_prefix  VARCHAR2(10)          NOT NULL,
  begin_no        NUMBER(10)            NOT NULL,
  end_no          NUMBER(10)            NOT NULL,
  current_no      NUMBER(10)            NOT NULL,
  status          CHAR(1)               DEFAULT 'A' NOT NULL,
  issue_date      DATE                  DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_op_invoice_segment PRIMARY KEY (segment_id),
  CONSTRAINT ck_op_invoice_segment_rng CHECK (begin_no <= end_no AND current_no BETWEEN begin_no - 1 AND end_no),
  CONSTRAINT ck_op_invoice_segment_st CHECK (status IN ('A', 'F', 'V'))
);

COMMENT ON TABLE op_invoice_segment IS '发票号段领用表';
COMMENT ON COLUMN op_invoice_segment.current_no IS '当前已使用到的号码（初始为 begin_no - 1）';
COMMENT ON COLUMN op_invoice_segment.status IS '状态：A在用 F已用完 V作废';

CREATE TABLE op_invoice
(
  invoice_no      VARCHAR2(30)          NOT NULL,
  charge_id       NUMBER(14)            NOT NULL,
  invoice_type    CHAR(1)               DEFAULT 'E' NOT NULL,
  amount          NUMBER(12,2)          NOT NULL,
  payer_name      NVARCHAR2(100),
  print_count     NUMBER(3)             DEFAULT 0 NOT NULL,
  ebill_xml       CLOB,
  qr_image        BLOB,
  check_code      RAW(16),
  status          CHAR(1)               DEFAULT 'N' NOT NULL,
  create_time     TIMESTAMP             DEFAULT SYSTIMESTAMP NOT NULL,
  CONSTRAINT pk_op_invoice PRIMARY KEY (invoice_no),
  CONSTRAINT fk_op_invoice_charge FOREIGN KEY (charge_id) REFERENCES op_charge (charge_id),
  CONSTRAINT ck_op_invoice_type CHECK (invoice_type IN ('E', 'P')),
  CONSTRAINT ck_op_invoice_status CHECK (status IN ('N', 'R', 'V'))
);

COMMENT ON TABLE op_invoice IS '门诊发票（含电子票据）';
COMMENT ON COLUMN op_invoice.invoice_type IS '票据类型：E电子票据 P纸质发票';
COMMENT ON COLUMN op_invoice.ebill_xml IS '电子票据报文（财政票据平台返回）';
COMMENT ON COLUMN op_invoice.check_code IS '票据校验码';
COMMENT ON COLUMN op_invoice.status IS '状态：N正常 R已红冲 V作废';

CREATE TABLE op_refund
(
  refund_id       NUMBER(14)            NOT NULL,
  charge_id       NUMBER(14)            NOT NULL,
  red_charge_id   NUMBER(14),
  refund_amount   NUMBER(12,2)          NOT NULL,
  refund_reason   VARCHAR2(500 CHAR),
  apply_time      DATE                  DEFAULT SYSDATE NOT NULL,
  audit_status    CHAR(1)               DEFAULT 'P' NOT NULL,
  auditor_id      NUMBER(10),
  operator_id     NUMBER(10)            NOT NULL,
  CONSTRAINT pk_op_refund PRIMARY KEY (refund_id),
  CONSTRAINT fk_op_refund_charge FOREIGN KEY (charge_id) REFERENCES op_charge (charge_id),
  CONSTRAINT fk_op_refund_red FOREIGN KEY (red_charge_id) REFERENCES op_charge (charge_id),
  CONSTRAINT ck_op_refund_amount CHECK (refund_amount > 0),
  CONSTRAINT ck_op_refund_audit CHECK (audit_status IN ('P', 'A', 'D'))
);

COMMENT ON TABLE op_refund IS '门诊退费申请与审核记录';
COMMENT ON COLUMN op_refund.audit_status IS '审核状态：P待审核 A已通过 D已驳回';

-- 打印模板（发票、导诊单），模板文本中允许换行
CREATE TABLE op_print_template
(
  template_id     NUMBER(6)             NOT NULL,
  template_code   VARCHAR2(30)          NOT NULL,
  template_name   VARCHAR2(100 CHAR)    NOT NULL,
  template_text   VARCHAR2(4000),
  update_time     DATE                  DEFAULT SYSDATE,
  CONSTRAINT pk_op_print_template PRIMARY KEY (template_id),
  CONSTRAINT uk_op_print_template UNIQUE (template_code)
);

-- 系统日志（自治事务写入，不受业务回滚影响）
CREATE TABLE his_op_log
(
  log_id          NUMBER                NOT NULL,
  log_time        TIMESTAMP             DEFAULT SYSTIMESTAMP NOT NULL,
  module_name     VARCHAR2(50)          NOT NULL,
  log_level       VARCHAR2(10)          DEFAULT 'INFO' NOT NULL,
  message         VARCHAR2(2000 CHAR),
  err_code        NUMBER,
  err_stack       CLOB,
  db_user         VARCHAR2(128)         DEFAULT USER,
  client_ip       VARCHAR2(45),
  CONSTRAINT pk_his_op_log PRIMARY KEY (log_id),
  CONSTRAINT ck_his_op_log_level CHECK (log_level IN ('DEBUG', 'INFO', 'WARN', 'ERROR'))
);

COMMENT ON TABLE his_op_log IS '门诊业务日志';

-- 收费状态变更审计表（历史原因使用了带引号的混合大小写标识符，请勿改名）
CREATE TABLE "OpChargeAudit"
(
  "AuditId"       NUMBER(14)            NOT NULL,
  "ChargeId"      NUMBER(14)            NOT NULL,
  "Old Status"    CHAR(1),
  "New Status"    CHAR(1),
  "Changed By"    VARCHAR2(128)         DEFAULT USER,
  "Changed At"    DATE                  DEFAULT SYSDATE,
  "Client Info"   VARCHAR2(200),
  CONSTRAINT "PK_OpChargeAudit" PRIMARY KEY ("AuditId")
);

COMMENT ON TABLE "OpChargeAudit" IS '收费状态变更审计（由触发器写入）';
COMMENT ON COLUMN "OpChargeAudit"."Old Status" IS '变更前状态';
COMMENT ON COLUMN "OpChargeAudit"."New Status" IS '变更后状态';

-- 计费临时表：事务提交即清空，用于划价预览与医保分割
CREATE GLOBAL TEMPORARY TABLE gtt_fee_calc
(
  seq_no          NUMBER(6),
  order_id        NUMBER(14),
  item_id         NUMBER(10),
  item_name       VARCHAR2(200 CHAR),
  ins_class       CHAR(1),
  qty             NUMBER(10,2),
  unit_price      NUMBER(12,4),
  amount          NUMBER(12,2),
  fund_amount     NUMBER(12,2),
  self_amount     NUMBER(12,2)
)
ON COMMIT DELETE ROWS;

COMMENT ON TABLE gtt_fee_calc IS '划价计算临时表（会话级，提交后清空）';

PROMPT [4/12] 创建门诊药房表：药品、批次库存、发药记录 ...

CREATE TABLE ph_drug
(
  drug_id         NUMBER(10)            NOT NULL,
  item_id         NUMBER(10)            NOT NULL,
  drug_code       VARCHAR2(30)          NOT NULL,
  generic_name    VARCHAR2(200 CHAR)    NOT NULL,
  trade_name      VARCHAR2(200 CHAR),
  spec            VARCHAR2(100 CHAR),
  dosage_form     VARCHAR2(30 CHAR),
  manufacturer    VARCHAR2(200 CHAR),
  pack_unit       VARCHAR2(10 CHAR),
  min_unit        VARCHAR2(10 CHAR),
  pack_ratio      NUMBER(8)             DEFAULT 1 NOT NULL,
  is_narcotic     CHAR(1)               DEFAULT 'N' NOT NULL,
  low_stock_qty   NUMBER(12,2)          DEFAULT 0,
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  CONSTRAINT pk_ph_drug PRIMARY KEY (drug_id),
  CONSTRAINT uk_ph_drug_code UNIQUE (drug_code),
  CONSTRAINT uk_ph_drug_item UNIQUE (item_id),
  CONSTRAINT fk_ph_drug_item FOREIGN KEY (item_id) REFERENCES his_fee_item (item_id),
  CONSTRAINT ck_ph_drug_narcotic CHECK (is_narcotic IN ('Y', 'N'))
);

COMMENT ON TABLE ph_drug IS '药品字典（与收费项目一一对应）';
COMMENT ON COLUMN ph_drug.pack_ratio IS '包装换算系数（1包装单位 = N最小单位）';
COMMENT ON COLUMN ph_drug.is_narcotic IS '是否麻精药品（需双人核对）';

CREATE TABLE ph_stock_batch
(
  batch_id        NUMBER(14)            NOT NULL,
  drug_id         NUMBER(10)            NOT NULL,
  dept_id         NUMBER(10)            NOT NULL,
  batch_no        VARCHAR2(40)          NOT NULL,
  produce_date    DATE,
  expire_date     DATE                  NOT NULL,
  in_qty          NUMBER(12,2)          NOT NULL,
  stock_qty       NUMBER(12,2)          NOT NULL,
  purchase_price  NUMBER(12,4),
  retail_price    NUMBER(12,4)          NOT NULL,
  in_time         DATE                  DEFAULT SYSDATE NOT NULL,
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  CONSTRAINT pk_ph_stock_batch PRIMARY KEY (batch_id),
  CONSTRAINT uk_ph_stock_batch UNIQUE (drug_id, dept_id, batch_no),
  CONSTRAINT fk_ph_stock_batch_drug FOREIGN KEY (drug_id) REFERENCES ph_drug (drug_id),
  CONSTRAINT fk_ph_stock_batch_dept FOREIGN KEY (dept_id) REFERENCES his_department (dept_id),
  CONSTRAINT ck_ph_stock_batch_qty CHECK (stock_qty >= 0 AND stock_qty <= in_qty),
  CONSTRAINT ck_ph_stock_batch_status CHECK (status IN ('0', '1', 'L'))
)
TABLESPACE his_data PCTFREE 20 STORAGE (INITIAL 64K);

COMMENT ON TABLE ph_stock_batch IS '药房批次库存（按批号、效期管理）';
COMMENT ON COLUMN ph_stock_batch.stock_qty IS '当前库存（最小单位）';
COMMENT ON COLUMN ph_stock_batch.status IS '状态：1可用 0停用 L锁定（质量问题召回）';

CREATE TABLE ph_dispense
(
  dispense_id     NUMBER(14)            NOT NULL,
  charge_id       NUMBER(14)            NOT NULL,
  order_id        NUMBER(14)            NOT NULL,
  patient_id      NUMBER(12)            NOT NULL,
  drug_id         NUMBER(10)            NOT NULL,
  dept_id         NUMBER(10)            NOT NULL,
  qty             NUMBER(12,2)          NOT NULL,
  returned_qty    NUMBER(12,2)          DEFAULT 0 NOT NULL,
  dispense_time   DATE                  DEFAULT SYSDATE NOT NULL,
  operator_id     NUMBER(10)            NOT NULL,
  checker_id      NUMBER(10),
  status          CHAR(1)               DEFAULT 'D' NOT NULL,
  CONSTRAINT pk_ph_dispense PRIMARY KEY (dispense_id),
  CONSTRAINT fk_ph_dispense_charge FOREIGN KEY (charge_id) REFERENCES op_charge (charge_id),
  CONSTRAINT fk_ph_dispense_order FOREIGN KEY (order_id) REFERENCES op_fee_order (order_id),
  CONSTRAINT fk_ph_dispense_drug FOREIGN KEY (drug_id) REFERENCES ph_drug (drug_id),
  CONSTRAINT ck_ph_dispense_status CHECK (status IN ('D', 'P', 'R'))
);

COMMENT ON TABLE ph_dispense IS '门诊发药记录';
COMMENT ON COLUMN ph_dispense.status IS '状态：D已发药 P部分退药 R全部退药';

CREATE TABLE ph_dispense_batch
(
  dispense_id     NUMBER(14)            NOT NULL,
  batch_id        NUMBER(14)            NOT NULL,
  qty             NUMBER(12,2)          NOT NULL,
  returned_qty    NUMBER(12,2)          DEFAULT 0 NOT NULL,
  CONSTRAINT pk_ph_dispense_batch PRIMARY KEY (dispense_id, batch_id),
  CONSTRAINT fk_ph_dispense_batch_d FOREIGN KEY (dispense_id) REFERENCES ph_dispense (dispense_id),
  CONSTRAINT fk_ph_dispense_batch_b FOREIGN KEY (batch_id) REFERENCES ph_stock_batch (batch_id)
);

COMMENT ON TABLE ph_dispense_batch IS '发药批次分配明细（退药时按原批次退回）';

CREATE TABLE ph_stock_log
(
  log_id          NUMBER(16)            NOT NULL,
  batch_id        NUMBER(14)            NOT NULL,
  biz_type        VARCHAR2(10)          NOT NULL,
  change_qty      NUMBER(12,2)          NOT NULL,
  balance_qty     NUMBER(12,2)          NOT NULL,
  ref_id          NUMBER(14),
  operator_id     NUMBER(10),
  log_time        TIMESTAMP             DEFAULT SYSTIMESTAMP NOT NULL,
  memo            VARCHAR2(500 CHAR),
  CONSTRAINT pk_ph_stock_log PRIMARY KEY (log_id),
  CONSTRAINT ck_ph_stock_log_biz CHECK (biz_type IN ('IN', 'OUT', 'RET', 'ADJ', 'LOSS'))
);

COMMENT ON TABLE ph_stock_log IS '库存变动流水';
COMMENT ON COLUMN ph_stock_log.biz_type IS '业务类型：IN入库 OUT发药出库 RET退药 ADJ盘点调整 LOSS报损';

PROMPT [5/12] 创建序列 ...

-- 字典类序列：并发低，使用 NOCACHE 保证号码连续
CREATE SEQUENCE seq_his_department START WITH 1000 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_his_doctor START WITH 1000 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_his_fee_item START WITH 1000 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_his_patient START WITH 100000 INCREMENT BY 1 MAXVALUE 999999999999 NOCYCLE NOCACHE;
CREATE SEQUENCE seq_op_invoice_segment START WITH 1 INCREMENT BY 1 NOCACHE;
-- 业务类序列：高并发，RAC 环境下需要 ORDER 保证单号递增
CREATE SEQUENCE seq_op_schedule START WITH 1 INCREMENT BY 1 CACHE 20;
CREATE SEQUENCE seq_op_registration START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_op_fee_order START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_op_charge START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_op_charge_detail START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_op_invoice START WITH 1 INCREMENT BY 1 MAXVALUE 99999999 CYCLE CACHE 20 ORDER;
CREATE SEQUENCE seq_op_refund START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_op_audit START WITH 1 INCREMENT BY 1 CACHE 20;
CREATE SEQUENCE seq_his_op_log START WITH 1 INCREMENT BY 1 CACHE 20;
CREATE SEQUENCE seq_ph_stock_batch START WITH 1 INCREMENT BY 1 CACHE 20;
CREATE SEQUENCE seq_ph_dispense START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_ph_stock_log START WITH 1 INCREMENT BY 1 CACHE 20;

PROMPT [6/12] 创建索引 ...

-- 患者姓名模糊查询（不区分大小写，外籍患者使用英文名）
CREATE INDEX idx_his_patient_name_up ON his_patient (UPPER(patient_name)) TABLESPACE his_idx;
CREATE INDEX idx_his_patient_pinyin ON his_patient (UPPER(name_pinyin)) TABLESPACE his_idx;
CREATE INDEX idx_his_patient_idcard ON his_patient (id_card_no) TABLESPACE his_idx;
CREATE INDEX idx_his_doctor_dept ON his_doctor (dept_id, status);
CREATE INDEX idx_his_fee_item_name ON his_fee_item (UPPER(item_name));
CREATE INDEX idx_his_fee_item_cat ON his_fee_item (item_category, status);
-- don't drop this index: it's used by the 自助机 "今日号源" query
CREATE INDEX idx_op_schedule_date ON op_schedule (work_date, dept_id, time_slot);
CREATE INDEX idx_op_reg_patient ON op_registration (patient_id, visit_date) TABLESPACE his_idx;
CREATE INDEX idx_op_reg_dept_date ON op_registration (dept_id, visit_date, status) TABLESPACE his_idx;
CREATE INDEX idx_op_reg_day ON op_registration (TRUNC(reg_time)) TABLESPACE his_idx;
CREATE INDEX idx_op_fee_order_reg ON op_fee_order (reg_id, status);
CREATE INDEX idx_op_fee_order_charge ON op_fee_order (charge_id);
CREATE INDEX idx_op_charge_patient ON op_charge (patient_id, charge_time);
CREATE INDEX idx_op_charge_oper ON op_charge (operator_id, charge_time);
CREATE INDEX idx_op_charge_invoice ON op_charge (invoice_no);
CREATE INDEX idx_op_charge_detail_chg ON op_charge_detail (charge_id);
CREATE INDEX idx_op_invoice_charge ON op_invoice (charge_id);
CREATE INDEX idx_his_op_log_time ON his_op_log (log_time, module_name);
CREATE INDEX idx_ph_stock_fifo ON ph_stock_batch (drug_id, dept_id, expire_date, batch_id);
CREATE INDEX idx_ph_dispense_charge ON ph_dispense (charge_id);

PROMPT [7/12] 创建对象类型 t_fee_item / t_fee_list ...

CREATE OR REPLACE TYPE t_fee_item AS OBJECT
(
  item_id      NUMBER(10),
  item_code    VARCHAR2(30),
  item_name    VARCHAR2(200 CHAR),
  ins_class    CHAR(1),
  qty          NUMBER(10,2),
  unit_price   NUMBER(12,4),
  amount       NUMBER(12,2),
  fund_amount  NUMBER(12,2),
  self_amount  NUMBER(12,2),
  -- 按项目ID与数量构造，自动带出名称、单价
  CONSTRUCTOR FUNCTION t_fee_item (p_item_id NUMBER, p_qty NUMBER) RETURN SELF AS RESULT,
  MEMBER FUNCTION display_text RETURN VARCHAR2
);
/

CREATE OR REPLACE TYPE BODY t_fee_item AS

  CONSTRUCTOR FUNCTION t_fee_item (p_item_id NUMBER, p_qty NUMBER) RETURN SELF AS RESULT
  IS
  BEGIN
    SELF.item_id := p_item_id;
    SELF.qty     := p_qty;
    SELECT f.item_code, f.item_name, f.ins_class, f.price
      INTO SELF.item_code, SELF.item_name, SELF.ins_class, SELF.unit_price
      FROM his_fee_item f
     WHERE f.item_id = p_item_id;
    SELF.amount      := ROUND(SELF.unit_price * p_qty, 2);
    SELF.fund_amount := 0;
    SELF.self_amount := SELF.amount;
    RETURN;
  END;

  MEMBER FUNCTION display_text RETURN VARCHAR2
  IS
  BEGIN
    -- 例：血常规(五分类) x1 = 20.00 元（甲类）
    RETURN item_name || ' x' || TO_CHAR(qty) || ' = '
        || TO_CHAR(amount, 'FM9999999990.00') || ' 元（'
        || CASE ins_class WHEN 'A' THEN '甲类' WHEN 'B' THEN '乙类' ELSE '自费' END
        || '）';
  END;

END;
/
SHOW ERRORS TYPE BODY t_fee_item

CREATE OR REPLACE TYPE t_fee_list AS TABLE OF t_fee_item;
/

PROMPT [8/12] 创建公共过程与函数：日志、年龄、计费、发票号、挂号、退费 ...

-- ------------------------------------------------------------------------
-- 通用日志过程：自治事务，业务回滚时日志依然保留
-- ------------------------------------------------------------------------
CREATE OR REPLACE PROCEDURE sp_his_log
(
  p_module    IN his_op_log.module_name%TYPE,
  p_level     IN his_op_log.log_level%TYPE,
  p_message   IN VARCHAR2,
  p_err_code  IN NUMBER DEFAULT NULL
)
IS
  PRAGMA AUTONOMOUS_TRANSACTION;
  l_stack  VARCHAR2(4000);
BEGIN
  IF p_err_code IS NOT NULL THEN
    l_stack := SUBSTR(DBMS_UTILITY.FORMAT_ERROR_STACK || DBMS_UTILITY.FORMAT_ERROR_BACKTRACE, 1, 4000);
  END IF;

  INSERT INTO his_op_log (log_id, log_time, module_name, log_level, message, err_code, err_stack, client_ip)
  VALUES (seq_his_op_log.NEXTVAL, SYSTIMESTAMP, p_module, p_level,
          SUBSTR(p_message, 1, 1000), p_err_code, l_stack,
          SYS_CONTEXT('USERENV', 'IP_ADDRESS'));
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    -- 日志写失败不能影响主业务，静默回滚
    ROLLBACK;
END sp_his_log;
/
SHOW ERRORS PROCEDURE sp_his_log

-- 年龄显示：1岁以下显示“X月Y天”，6岁以下显示“X岁Y月”，其余显示“X岁”
CREATE OR REPLACE FUNCTION fn_get_age (p_birth_date IN DATE, p_ref_date IN DATE DEFAULT SYSDATE)
RETURN VARCHAR2
DETERMINISTIC
IS
  l_months  NUMBER;
  l_years   NUMBER;
  l_days    NUMBER;
BEGIN
  IF p_birth_date IS NULL THEN
    RETURN NULL;
  END IF;
  l_months := TRUNC(MONTHS_BETWEEN(TRUNC(p_ref_date), TRUNC(p_birth_date)));
  l_years  := TRUNC(l_months / 12);
  IF l_months < 1 THEN
    RETURN TO_CHAR(TRUNC(p_ref_date) - TRUNC(p_birth_date)) || '天';
  ELSIF l_years < 1 THEN
    l_days := TRUNC(p_ref_date) - ADD_MONTHS(TRUNC(p_birth_date), l_months);
    RETURN l_months || '月' || CASE WHEN l_days > 0 THEN l_days || '天' END;
  ELSIF l_years < 6 THEN
    RETURN l_years || '岁' || CASE WHEN MOD(l_months, 12) > 0 THEN MOD(l_months, 12) || '月' END;
  ELSE
    RETURN l_years || '岁';
  END IF;
END fn_get_age;
/

-- ------------------------------------------------------------------------
-- 计费函数：按项目单价 x 数量计算总额，并按医保类别拆分统筹/自付
--   p_part = 'TOTAL' 返回总金额
--          = 'FUND'  返回统筹基金支付部分
--          = 'SELF'  返回个人自付部分（默认）
-- 计算规则（门诊统筹）：
--   甲类：全额纳入统筹范围
--   乙类：先行自付 self_ratio 后纳入
--   丙类：全自费
--   统筹支付 = 纳入金额 x 报销比例，四舍五入到分
-- ------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_calc_fee
(
  p_item_id         IN his_fee_item.item_id%TYPE,
  p_qty             IN NUMBER,
  p_insurance_type  IN VARCHAR2,
  p_part            IN VARCHAR2 DEFAULT 'SELF'
) RETURN NUMBER
IS
  l_price       his_fee_item.price%TYPE;
  l_class       his_fee_item.ins_class%TYPE;
  l_self_ratio  his_fee_item.self_ratio%TYPE;
  l_ratio       his_ins_policy.reimburse_ratio%TYPE := 0;
  l_total       NUMBER(14,2);
  l_eligible    NUMBER(14,4);
  l_fund        NUMBER(14,2) := 0;
BEGIN
  IF p_qty IS NULL OR p_qty = 0 THEN
    RETURN 0;
  END IF;

  SELECT price, ins_class, NVL(self_ratio, 0)
    INTO l_price, l_class, l_self_ratio
    FROM his_fee_item
   WHERE item_id = p_item_id
     AND status = '1';

  -- 金额统一四舍五入到分（财政票据要求）
  l_total := ROUND(l_price * p_qty, 2);

  IF UPPER(p_part) = 'TOTAL' THEN
    RETURN l_total;
  END IF;

  IF NVL(p_insurance_type, 'SELF') <> 'SELF' AND l_class <> 'C' THEN
    BEGIN
      SELECT reimburse_ratio
        INTO l_ratio
        FROM his_ins_policy
       WHERE insurance_type = p_insurance_type
         AND visit_type = 'O'
         AND begin_date <= SYSDATE
         AND (end_date IS NULL OR end_date > SYSDATE);
    EXCEPTION
      WHEN NO_DATA_FOUND THEN
        l_ratio := 0;  -- 未配置政策的险种按自费处理
      WHEN TOO_MANY_ROWS THEN
        RAISE_APPLICATION_ERROR(-20031, '医保政策配置重复，险种：' || p_insurance_type);
    END;

    l_eligible := CASE l_class
                    WHEN 'A' THEN l_total
                    WHEN 'B' THEN l_total * (1 - l_self_ratio)
                    ELSE 0
                  END;
    l_fund := ROUND(l_eligible * l_ratio, 2);
  END IF;

  RETURN CASE UPPER(p_part)
           WHEN 'FUND' THEN l_fund
           ELSE l_total - l_fund
         END;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20030, '收费项目不存在或已停用，item_id=' || p_item_id);
END fn_calc_fee;
/
SHOW ERRORS FUNCTION fn_calc_fee

-- ------------------------------------------------------------------------
-- 发票号生成
--   电子票据：MZ + YYYYMMDD + 8位序列号（序列循环使用，按日区分）
--   纸质发票：从当前收费员在用号段中顺序取号，行级锁防止并发重号
-- ------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_gen_invoice_no
(
  p_operator_id   IN NUMBER,
  p_invoice_type  IN CHAR DEFAULT 'E'
) RETURN VARCHAR2
IS
  l_seq          NUMBER;
  l_segment_id   op_invoice_segment.segment_id%TYPE;
  l_prefix       op_invoice_segment.invoice_prefix%TYPE;
  l_current      op_invoice_segment.current_no%TYPE;
  l_end          op_invoice_segment.end_no%TYPE;
BEGIN
  IF p_invoice_type = 'E' THEN
    l_seq := seq_op_invoice.NEXTVAL;
    RETURN 'MZ' || TO_CHAR(SYSDATE, 'YYYYMMDD') || LPAD(TO_CHAR(l_seq), 8, '0');
  END IF;

  SELECT segment_id, invoice_prefix, current_no, end_no
    INTO l_segment_id, l_prefix, l_current, l_end
    FROM op_invoice_segment
   WHERE operator_id = p_operator_id
     AND status = 'A'
     AND ROWNUM = 1
     FOR UPDATE;

  IF l_current >= l_end THEN
    RAISE_APPLICATION_ERROR(-20011, '发票号段已用完，请到财务科重新领用发票！');
  END IF;

  l_current := l_current + 1;

  UPDATE op_invoice_segment
     SET current_no = l_current,
         status     = CASE WHEN l_current = end_no THEN 'F' ELSE status END
   WHERE segment_id = l_segment_id;

  IF l_end - l_current < 100 THEN
    DBMS_OUTPUT.PUT_LINE(q'(提示：发票号段即将用完 (剩余<100张) 请及时领用)');
  END IF;

  RETURN l_prefix || LPAD(TO_CHAR(l_current), 10, '0');
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20010, '收费员[' || p_operator_id || ']没有在用的发票号段');
END fn_gen_invoice_no;
/
SHOW ERRORS FUNCTION fn_gen_invoice_no

-- ------------------------------------------------------------------------
-- 挂号过程
--   1) 锁定号源，校验停诊与余号
--   2) 校验同日同科室重复挂号
--   3) 计算挂号费与诊查费，生成挂号记录与待收费划价记录
-- ------------------------------------------------------------------------
CREATE OR REPLACE PROCEDURE sp_op_register
(
  p_patient_id    IN  his_patient.patient_id%TYPE,
  p_schedule_id   IN  op_schedule.schedule_id%TYPE,
  p_reg_type      IN  op_registration.reg_type%TYPE DEFAULT 'W',
  p_operator_id   IN  NUMBER,
  o_reg_id        OUT op_registration.reg_id%TYPE,
  o_reg_no        OUT op_registration.reg_no%TYPE,
  o_queue_no      OUT NUMBER
)
IS
  l_sched       op_schedule%ROWTYPE;
  l_patient     his_patient%ROWTYPE;
  l_reg_fee     NUMBER(10,2) := 0;
  l_diag_fee    NUMBER(10,2) := 0;
  l_dup_cnt     PLS_INTEGER;
  e_quota_full  EXCEPTION;
  e_stopped     EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_quota_full, -20004);
BEGIN
  -- 1. 锁定号源，等待最多 5 秒（挂号高峰期并发很高）
  SELECT *
    INTO l_sched
    FROM op_schedule
   WHERE schedule_id = p_schedule_id
     FOR UPDATE WAIT 5;

  IF l_sched.status <> '1' THEN
    RAISE e_stopped;
  END IF;

  IF l_sched.work_date < TRUNC(SYSDATE) THEN
    RAISE_APPLICATION_ERROR(-20007, '不能挂过去日期的号：' || TO_CHAR(l_sched.work_date, 'YYYY-MM-DD'));
  END IF;

  IF l_sched.used_quota >= l_sched.total_quota THEN
    RAISE e_quota_full;
  END IF;

  SELECT * INTO l_patient FROM his_patient WHERE patient_id = p_patient_id;

  -- 2. 同一患者同一天同一科室只能挂一个有效号
  SELECT COUNT(*)
    INTO l_dup_cnt
    FROM op_registration
   WHERE patient_id = p_patient_id
     AND dept_id    = l_sched.dept_id
     AND visit_date = l_sched.work_date
     AND status    <> 'C';

  IF l_dup_cnt > 0 THEN
    RAISE_APPLICATION_ERROR(-20002, '患者' || l_patient.patient_name || '当日已在该科室挂号，不能重复挂号');
  END IF;

  -- 3. 费用：挂号费 + 诊查费（诊查费按医生级别）
  l_reg_fee := fn_calc_fee(l_sched.reg_item_id, 1, l_patient.insurance_type, 'TOTAL');
  IF l_sched.diag_item_id IS NOT NULL THEN
    l_diag_fee := fn_calc_fee(l_sched.diag_item_id, 1, l_patient.insurance_type, 'TOTAL');
  END IF;

  o_queue_no := l_sched.used_quota + 1;
  o_reg_id   := seq_op_registration.NEXTVAL;
  o_reg_no   := 'GH' || TO_CHAR(SYSDATE, 'YYYYMMDD') || LPAD(TO_CHAR(MOD(o_reg_id, 1000000)), 6, '0');

  INSERT INTO op_registration
    (reg_id, reg_no, patient_id, schedule_id, dept_id, doctor_id, visit_date, queue_no,
     reg_type, reg_fee, diag_fee, insurance_type, status, reg_time, operator_id)
  VALUES
    (o_reg_id, o_reg_no, p_patient_id, p_schedule_id, l_sched.dept_id, l_sched.doctor_id,
     l_sched.work_date, o_queue_no, p_reg_type, l_reg_fee, l_diag_fee,
     l_patient.insurance_type, 'N', SYSTIMESTAMP, p_operator_id);

  -- 挂号费、诊查费生成划价记录，与处方一起在收费窗口结算
  INSERT INTO op_fee_order (order_id, reg_id, patient_id, item_id, qty, unit_price, amount, order_doctor_id, status)
  SELECT seq_op_fee_order.NEXTVAL, o_reg_id, p_patient_id, f.item_id, 1, f.price, ROUND(f.price, 2),
         l_sched.doctor_id, 'U'
    FROM his_fee_item f
   WHERE f.item_id IN (l_sched.reg_item_id, l_sched.diag_item_id);

  UPDATE op_schedule
     SET used_quota = used_quota + 1
   WHERE schedule_id = p_schedule_id;

  sp_his_log('OP_REG', 'INFO', '挂号成功; 挂号单号=' || o_reg_no || ', 序号=' || o_queue_no);
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20003, '排班或患者信息不存在：schedule_id=' || p_schedule_id
                                    || ', patient_id=' || p_patient_id);
  WHEN e_quota_full THEN
    RAISE_APPLICATION_ERROR(-20004, '该号源已挂满，请选择其他医生或时段');
  WHEN e_stopped THEN
    RAISE_APPLICATION_ERROR(-20005, q'[医生已停诊，请到导诊台 'SERVICE DESK' 改约]');
  WHEN DUP_VAL_ON_INDEX THEN
    RAISE_APPLICATION_ERROR(-20006, '挂号单号重复，请重试');
  WHEN OTHERS THEN
    sp_his_log('OP_REG', 'ERROR', SQLERRM, SQLCODE);
    RAISE_APPLICATION_ERROR(-20001, '挂号失败：' || SQLERRM);
END sp_op_register;
/
SHOW ERRORS PROCEDURE sp_op_register

-- ------------------------------------------------------------------------
-- 退费过程（整单退费，生成冲红记录）
--   - 仅状态为 N 的收费记录可退
--   - 超过 30 天需走财务审批，不在此处理
--   - 已执行的检查/检验项目需先由执行科室取消执行
--   - 就诊卡余额支付的退回卡内，其余原路退回（由支付平台处理）
-- ------------------------------------------------------------------------
create or replace procedure sp_op_refund
(
  p_charge_id      in  op_charge.charge_id%type,
  p_reason         in  varchar2,
  p_operator_id    in  number,
  o_red_charge_id  out op_charge.charge_id%type
)
is
  l_charge       op_charge%rowtype;
  l_red_invoice  op_invoice.invoice_no%type;
  l_refund_id    op_refund.refund_id%type;
  l_exec_cnt     pls_integer;
  e_row_locked   exception;
  pragma exception_init(e_row_locked, -54);
begin
  select *
    into l_charge
    from op_charge
   where charge_id = p_charge_id
     for update nowait;

  if l_charge.status <> 'N' then
    raise_application_error(-20021, '收费记录状态为[' || l_charge.status || ']，不允许退费');
  end if;

  if trunc(sysdate) - trunc(l_charge.charge_time) > 30 then
    raise_application_error(-20022, '超过30天的收费记录需走财务审批流程');
  end if;

  select count(*)
    into l_exec_cnt
    from op_fee_order
   where charge_id = p_charge_id
     and exec_status = 'Y';

  if l_exec_cnt > 0 then
    raise_application_error(-20023, '存在已执行项目(' || l_exec_cnt || '项)，请先由执行科室取消执行');
  end if;

  -- 冲红记录：金额取负
  o_red_charge_id := seq_op_charge.nextval;
  l_red_invoice   := fn_gen_invoice_no(p_operator_id, 'E');

  insert into op_charge
    (charge_id, charge_no, reg_id, patient_id, invoice_no, total_amount, fund_pay, account_pay,
     cash_pay, pay_method, status, charge_time, operator_id, orig_charge_id)
  values
    (o_red_charge_id, 'TF' || lpad(to_char(o_red_charge_id), 12, '0'), l_charge.reg_id,
     l_charge.patient_id, l_red_invoice, -l_charge.total_amount, -l_charge.fund_pay,
     -l_charge.account_pay, -l_charge.cash_pay, l_charge.pay_method, 'H', sysdate,
     p_operator_id, l_charge.charge_id);

  insert into op_charge_detail
    (detail_id, charge_id, order_id, item_id, qty, unit_price, amount, ins_class, fund_amount, self_amount)
  select seq_op_charge_detail.nextval, o_red_charge_id, d.order_id, d.item_id, -d.qty, d.unit_price,
         -d.amount, d.ins_class, -d.fund_amount, -d.self_amount
    from op_charge_detail d
   where d.charge_id = p_charge_id;

  insert into op_invoice (invoice_no, charge_id, invoice_type, amount, payer_name, status)
  select l_red_invoice, o_red_charge_id, 'E', -i.amount, i.payer_name, 'N'
    from op_invoice i
   where i.charge_id = p_charge_id
     and rownum = 1;

  update op_charge   set status = 'R' where charge_id = p_charge_id;
  update op_fee_order set status = 'R' where charge_id = p_charge_id and status = 'P';
  update op_invoice  set status = 'R' where charge_id = p_charge_id;

  if l_charge.pay_method = 'BALANCE' then
    update his_patient
       set balance     = balance + l_charge.cash_pay,
           update_time = sysdate,
           version_no  = version_no + 1
     where patient_id = l_charge.patient_id;
  end if;

  insert into op_refund
    (refund_id, charge_id, red_charge_id, refund_amount, refund_reason, apply_time,
     audit_status, auditor_id, operator_id)
  values
    (seq_op_refund.nextval, p_charge_id, o_red_charge_id, l_charge.total_amount,
     nvl(p_reason, '患者要求退费'), sysdate, 'A', p_operator_id, p_operator_id)
  returning refund_id into l_refund_id;

  sp_his_log('OP_REFUND', 'INFO', '退费成功，原收费ID=' || p_charge_id || '，退费单ID=' || l_refund_id);
exception
  when no_data_found then
    raise_application_error(-20020, '收费记录不存在：' || p_charge_id);
  when e_row_locked then
    raise_application_error(-20024, '该收费记录正在被其他收费员处理，请稍后再试');
  when others then
    sp_his_log('OP_REFUND', 'ERROR', sqlerrm, sqlcode);
    raise;
end sp_op_refund;
/
show errors procedure sp_op_refund

-- 划价预览：返回对象集合，可在 SQL 中用 TABLE() 展开
CREATE OR REPLACE FUNCTION fn_preview_fees (p_reg_id IN NUMBER) RETURN t_fee_list
IS
  l_list  t_fee_list := t_fee_list();
  l_ins   his_patient.insurance_type%TYPE;
BEGIN
  SELECT p.insurance_type
    INTO l_ins
    FROM op_registration r, his_patient p
   WHERE r.patient_id = p.patient_id
     AND r.reg_id = p_reg_id;

  FOR rec IN (SELECT o.item_id, o.qty
                FROM op_fee_order o
               WHERE o.reg_id = p_reg_id
                 AND o.status = 'U'
               ORDER BY o.order_id)
  LOOP
    l_list.EXTEND;
    l_list(l_list.LAST) := t_fee_item(rec.item_id, rec.qty);
    l_list(l_list.LAST).fund_amount := fn_calc_fee(rec.item_id, rec.qty, l_ins, 'FUND');
    l_list(l_list.LAST).self_amount := l_list(l_list.LAST).amount - l_list(l_list.LAST).fund_amount;
  END LOOP;

  RETURN l_list;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RETURN t_fee_list();
END fn_preview_fees;
/

PROMPT [9/12] 创建触发器 ...

-- 患者建档：主键取序列，未录入卡号时自动生成虚拟卡号
CREATE OR REPLACE TRIGGER trg_his_patient_bi
BEFORE INSERT ON his_patient
FOR EACH ROW
BEGIN
  IF :NEW.patient_id IS NULL THEN
    :NEW.patient_id := seq_his_patient.NEXTVAL;
  END IF;
  IF :NEW.card_no IS NULL THEN
    :NEW.card_no := 'V' || LPAD(TO_CHAR(:NEW.patient_id), 11, '0');
  END IF;
  :NEW.patient_name := TRIM(:NEW.patient_name);
  :NEW.create_time  := NVL(:NEW.create_time, SYSDATE);
  -- 身份证号末位 x 统一转大写
  :NEW.id_card_no   := UPPER(:NEW.id_card_no);
END trg_his_patient_bi;
/

-- 挂号记录主键：程序未赋值时由触发器从序列取号
CREATE OR REPLACE TRIGGER trg_op_registration_bi
  BEFORE INSERT ON op_registration
  FOR EACH ROW
BEGIN
  IF :NEW.reg_id IS NULL THEN
    :NEW.reg_id := seq_op_registration.NEXTVAL;
  END IF;
  IF :NEW.reg_no IS NULL THEN
    :NEW.reg_no := 'GH' || TO_CHAR(SYSDATE, 'YYYYMMDD') || LPAD(TO_CHAR(MOD(:NEW.reg_id, 1000000)), 6, '0');
  END IF;
END;
/

-- 退号：释放号源，作废未收费的划价记录
CREATE OR REPLACE TRIGGER trg_op_registration_cancel
  AFTER UPDATE OF status ON op_registration
  REFERENCING OLD AS o NEW AS n
  FOR EACH ROW
  WHEN (n.status = 'C')
BEGIN
  IF :o.status = 'N' AND :n.schedule_id IS NOT NULL THEN
    UPDATE op_schedule
       SET used_quota = used_quota - 1
     WHERE schedule_id = :n.schedule_id
       AND used_quota > 0;
  END IF;

  UPDATE op_fee_order
     SET status = 'X'
   WHERE reg_id = :n.reg_id
     AND status = 'U';

  sp_his_log('OP_REG', 'INFO', '退号：' || :n.reg_no || '，原因：' || NVL(:n.cancel_reason, '未填写'));
END trg_op_registration_cancel;
/

-- 收费状态变更审计（写入带引号标识符的审计表）
CREATE OR REPLACE TRIGGER "TRG_OpCharge_Audit"
  AFTER UPDATE OF status ON op_charge
  FOR EACH ROW
  WHEN (OLD.status <> NEW.status)
BEGIN
  INSERT INTO "OpChargeAudit" ("AuditId", "ChargeId", "Old Status", "New Status", "Changed By", "Changed At", "Client Info")
  VALUES (seq_op_audit.NEXTVAL, :OLD.charge_id, :OLD.status, :NEW.status, USER, SYSDATE,
          SUBSTR(SYS_CONTEXT('USERENV', 'MODULE') || '@' || SYS_CONTEXT('USERENV', 'HOST'), 1, 200));
END;
/
SHOW ERRORS TRIGGER "TRG_OpCharge_Audit"

PROMPT [10/12] 创建门诊收费核心包 PKG_OP_BILLING ...

CREATE OR REPLACE PACKAGE pkg_op_billing
AUTHID DEFINER
AS
  /*
   * 门诊收费核心包
   *   register_patient  挂号（按患者ID / 按就诊卡号，重载）
   *   charge            收费（整单 / 指定划价明细，重载）
   *   refund            退费
   *   daily_close       收费员日结
   * 约定：所有金额单位为“元”，保留两位小数; 错误码范围 -20001 ~ -20099
   */

  -- 常量 ------------------------------------------------------------------
  c_module             CONSTANT VARCHAR2(30) := 'PKG_OP_BILLING';
  c_status_unpaid      CONSTANT CHAR(1)      := 'U';
  c_status_paid        CONSTANT CHAR(1)      := 'P';
  c_status_refunded    CONSTANT CHAR(1)      := 'R';
  c_max_refund_days    CONSTANT PLS_INTEGER  := 30;
  c_round_scale        CONSTANT PLS_INTEGER  := 2;
  c_tax_free_note      CONSTANT VARCHAR2(100 CHAR) := q'<医疗服务免征增值税 <免税>>';
  c_default_payer      CONSTANT NVARCHAR2(20) := N'门诊患者';

  -- 划价明细记录 ----------------------------------------------------------
  TYPE r_fee_line IS RECORD
  (
    order_id      op_fee_order.order_id%TYPE,
    item_id       his_fee_item.item_id%TYPE,
    item_name     his_fee_item.item_name%TYPE,
    ins_class     his_fee_item.ins_class%TYPE,
    qty           op_fee_order.qty%TYPE,
    unit_price    op_fee_order.unit_price%TYPE,
    amount        op_fee_order.amount%TYPE,
    fund_amount   NUMBER(12,2),
    self_amount   NUMBER(12,2)
  );

  TYPE t_fee_tab IS TABLE OF r_fee_line INDEX BY PLS_INTEGER;
  TYPE t_id_tab  IS TABLE OF NUMBER INDEX BY PLS_INTEGER;

  -- 最近一次错误信息（供前端查询）
  g_last_error  VARCHAR2(4000);

  -- 挂号：按患者ID
  PROCEDURE register_patient
  (
    p_patient_id   IN  NUMBER,
    p_schedule_id  IN  NUMBER,
    p_operator_id  IN  NUMBER,
    o_reg_id       OUT NUMBER
  );

  -- 挂号：按就诊卡号（自助机刷卡）
  PROCEDURE register_patient
  (
    p_card_no      IN  VARCHAR2,
    p_schedule_id  IN  NUMBER,
    p_operator_id  IN  NUMBER,
    o_reg_id       OUT NUMBER
  );

  -- 退号
  PROCEDURE cancel_registration (p_reg_id IN NUMBER, p_reason IN VARCHAR2, p_operator_id IN NUMBER);

  -- 读取挂号下全部未收费明细
  FUNCTION load_unpaid (p_reg_id IN NUMBER) RETURN t_fee_tab;

  -- 合计金额
  FUNCTION calc_total (p_fees IN t_fee_tab) RETURN NUMBER;

  -- 收费：该挂号下全部未收费项目
  PROCEDURE charge
  (
    p_reg_id       IN  NUMBER,
    p_pay_method   IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_charge_id    OUT NUMBER
  );

  -- 收费：指定划价明细（患者要求分开结算时使用）
  PROCEDURE charge
  (
    p_reg_id       IN  NUMBER,
    p_order_ids    IN  t_id_tab,
    p_pay_method   IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_charge_id    OUT NUMBER
  );

  -- 退费
  PROCEDURE refund (p_charge_id IN NUMBER, p_reason IN VARCHAR2, p_operator_id IN NUMBER);

  -- 划价预览（写入临时表后返回游标）
  FUNCTION get_unpaid_cursor (p_reg_id IN NUMBER) RETURN SYS_REFCURSOR;

  -- 患者收费记录查询
  PROCEDURE query_charges
  (
    p_patient_id  IN  NUMBER,
    p_begin       IN  DATE,
    p_end         IN  DATE,
    o_cur         OUT SYS_REFCURSOR
  );

  -- 补打发票
  PROCEDURE reprint_invoice (p_invoice_no IN VARCHAR2, p_operator_id IN NUMBER);

  -- 收费员日结
  PROCEDURE daily_close (p_operator_id IN NUMBER, p_date IN DATE DEFAULT TRUNC(SYSDATE));

  -- 调价（动态 SQL，支持项目字典与药品批次零售价）
  PROCEDURE adjust_price (p_table_name IN VARCHAR2, p_item_code IN VARCHAR2, p_new_price IN NUMBER);

  -- 日志（自治事务）
  PROCEDURE log_msg (p_level IN VARCHAR2, p_message IN VARCHAR2, p_err_code IN NUMBER DEFAULT NULL);

END pkg_op_billing;
/
SHOW ERRORS PACKAGE pkg_op_billing

create or replace package body pkg_op_billing
as

  -- 私有游标：指定挂号下的未收费明细，锁定划价行防止两个窗口同时收费
  cursor cur_unpaid (cp_reg_id in number) is
    select o.order_id,
           o.item_id,
           i.item_name,
           i.ins_class,
           o.qty,
           o.unit_price,
           o.amount,
           cast(0 as number(12,2)) as fund_amount,
           cast(0 as number(12,2)) as self_amount
      from op_fee_order o, his_fee_item i
     where i.item_id = o.item_id
       and o.reg_id = cp_reg_id
       and o.status = c_status_unpaid
     order by o.order_id
       for update of o.status nowait;

  -- 以字符串为下标的集合，用于快速判断某个划价ID是否被选中
  type t_flag_tab is table of char(1) index by varchar2(20);

  e_resource_busy exception;
  pragma exception_init(e_resource_busy, -54);

  ---------------------------------------------------------------------------
  -- 日志：自治事务
  ---------------------------------------------------------------------------
  procedure log_msg (p_level in varchar2, p_message in varchar2, p_err_code in number default null)
  is
    pragma autonomous_transaction;
  begin
    insert into his_op_log (log_id, log_time, module_name, log_level, message, err_code)
    values (seq_his_op_log.nextval, systimestamp, c_module, p_level, substr(p_message, 1, 1000), p_err_code);
    commit;
  exception
    when others then
      rollback;
      dbms_output.put_line('写日志失败：' || sqlerrm);
  end log_msg;

  ---------------------------------------------------------------------------
  -- 私有：按医保类型拆分统筹/自付
  ---------------------------------------------------------------------------
  procedure split_insurance (p_fees in out nocopy t_fee_tab, p_ins_type in varchar2)
  is
  begin
    for i in 1 .. p_fees.count loop
      p_fees(i).fund_amount := fn_calc_fee(p_fees(i).item_id, p_fees(i).qty, p_ins_type, 'FUND');
      -- 划价金额以 op_fee_order.amount 为准（可能含议价），自付 = 金额 - 统筹
      if p_fees(i).fund_amount > p_fees(i).amount then
        p_fees(i).fund_amount := p_fees(i).amount;
      end if;
      p_fees(i).self_amount := p_fees(i).amount - p_fees(i).fund_amount;
    end loop;
  end split_insurance;

  ---------------------------------------------------------------------------
  -- 挂号（按患者ID）
  ---------------------------------------------------------------------------
  procedure register_patient
  (
    p_patient_id   in  number,
    p_schedule_id  in  number,
    p_operator_id  in  number,
    o_reg_id       out number
  )
  is
    l_reg_no    op_registration.reg_no%type;
    l_queue_no  number;
  begin
    sp_op_register(p_patient_id  => p_patient_id,
                   p_schedule_id => p_schedule_id,
                   p_reg_type    => 'W',
                   p_operator_id => p_operator_id,
                   o_reg_id      => o_reg_id,
                   o_reg_no      => l_reg_no,
                   o_queue_no    => l_queue_no);
    dbms_output.put_line('挂号成功：' || l_reg_no || '，候诊序号 ' || l_queue_no || '; 请到二楼分诊台报到');
  exception
    when others then
      g_last_error := sqlerrm;
      log_msg('ERROR', g_last_error, sqlcode);
      raise_application_error(-20001, '挂号失败：' || sqlerrm);
  end register_patient;

  ---------------------------------------------------------------------------
  -- 挂号（按就诊卡号）：自助机刷卡，卡号可能带前导空格
  ---------------------------------------------------------------------------
  procedure register_patient
  (
    p_card_no      in  varchar2,
    p_schedule_id  in  number,
    p_operator_id  in  number,
    o_reg_id       out number
  )
  is
    l_patient_id  his_patient.patient_id%type;
  begin
    select patient_id
      into l_patient_id
      from his_patient
     where card_no = trim(p_card_no);

    register_patient(p_patient_id  => l_patient_id,
                     p_schedule_id => p_schedule_id,
                     p_operator_id => p_operator_id,
                     o_reg_id      => o_reg_id);
  exception
    when no_data_found then
      g_last_error := '就诊卡号不存在：' || p_card_no;
      raise_application_error(-20001, '挂号失败：' || g_last_error);
  end register_patient;

  ---------------------------------------------------------------------------
  -- 退号：已收费的挂号费需先退费
  ---------------------------------------------------------------------------
  procedure cancel_registration (p_reg_id in number, p_reason in varchar2, p_operator_id in number)
  is
    l_status   op_registration.status%type;
    l_paid_cnt pls_integer;
  begin
    select status into l_status from op_registration where reg_id = p_reg_id for update;

    if l_status = 'V' then
      raise_application_error(-20008, '患者已就诊，不能退号');
    elsif l_status = 'C' then
      dbms_output.put_line('该挂号已退，无需重复操作');
      return;
    end if;

    select count(*)
      into l_paid_cnt
      from op_fee_order
     where reg_id = p_reg_id
       and status = c_status_paid;

    if l_paid_cnt > 0 then
      raise_application_error(-20009, '存在已收费项目，请先办理退费再退号');
    end if;

    -- 触发器 trg_op_registration_cancel 负责释放号源、作废划价
    update op_registration
       set status        = 'C',
           cancel_time   = systimestamp,
           cancel_reason = substr(p_reason, 1, 200),
           operator_id   = p_operator_id
     where reg_id = p_reg_id;
  exception
    when no_data_found then
      raise_application_error(-20003, '挂号记录不存在：' || p_reg_id);
  end cancel_registration;

  ---------------------------------------------------------------------------
  function load_unpaid (p_reg_id in number) return t_fee_tab
  is
    l_fees t_fee_tab;
  begin
    open cur_unpaid(p_reg_id);
    fetch cur_unpaid bulk collect into l_fees;
    close cur_unpaid;
    return l_fees;
  exception
    when e_resource_busy then
      if cur_unpaid%isopen then
        close cur_unpaid;
      end if;
      raise_application_error(-20044, '划价记录正被其他窗口收费，请稍候');
  end load_unpaid;

  ---------------------------------------------------------------------------
  function calc_total (p_fees in t_fee_tab) return number
  is
    l_sum number := 0;
    i     pls_integer;
  begin
    i := p_fees.first;
    while i is not null loop
      l_sum := l_sum + nvl(p_fees(i).amount, 0);
      i := p_fees.next(i);
    end loop;
    return round(l_sum, c_round_scale);
  end calc_total;

  ---------------------------------------------------------------------------
  -- 收费（整单）：收集全部未收费划价ID后调用指定明细版本
  ---------------------------------------------------------------------------
  procedure charge
  (
    p_reg_id       in  number,
    p_pay_method   in  varchar2,
    p_operator_id  in  number,
    o_charge_id    out number
  )
  is
    l_ids t_id_tab;
  begin
    select order_id
      bulk collect into l_ids
      from op_fee_order
     where reg_id = p_reg_id
       and status = c_status_unpaid
     order by order_id;

    if l_ids.count = 0 then
      raise_application_error(-20040, '该挂号没有待收费项目');
    end if;

    charge(p_reg_id, l_ids, p_pay_method, p_operator_id, o_charge_id);
  end charge;

  ---------------------------------------------------------------------------
  -- 收费（指定明细）
  ---------------------------------------------------------------------------
  procedure charge
  (
    p_reg_id       in  number,
    p_order_ids    in  t_id_tab,
    p_pay_method   in  varchar2,
    p_operator_id  in  number,
    o_charge_id    out number
  )
  is
    l_all         t_fee_tab;
    l_sel         t_fee_tab;
    l_wanted      t_flag_tab;
    l_detail_ids  t_id_tab;
    l_order_ids   t_id_tab;
    l_reg         op_registration%rowtype;
    l_patient     his_patient%rowtype;
    l_total       number(12,2) := 0;
    l_fund        number(12,2) := 0;
    l_cash        number(12,2) := 0;
    l_invoice_no  op_invoice.invoice_no%type;
    l_idx         pls_integer := 0;
  begin
    select * into l_reg from op_registration where reg_id = p_reg_id;

    if l_reg.status = 'C' then
      raise_application_error(-20041, '挂号已退，不能收费：' || l_reg.reg_no);
    end if;

    select * into l_patient from his_patient where patient_id = l_reg.patient_id;

    for i in 1 .. p_order_ids.count loop
      l_wanted(to_char(p_order_ids(i))) := 'Y';
    end loop;

    l_all := load_unpaid(p_reg_id);

    for i in 1 .. l_all.count loop
      if l_wanted.exists(to_char(l_all(i).order_id)) then
        l_idx := l_idx + 1;
        l_sel(l_idx) := l_all(i);
      end if;
    end loop;

    if l_sel.count <> p_order_ids.count then
      raise_application_error(-20042, '部分项目已收费或已作废，请刷新后重试');
    end if;

    split_insurance(l_sel, l_patient.insurance_type);

    l_total := calc_total(l_sel);
    for i in 1 .. l_sel.count loop
      l_fund := l_fund + l_sel(i).fund_amount;
    end loop;
    l_cash := l_total - l_fund;

    -- 就诊卡余额支付：扣减余额，余额不足时整单失败
    if p_pay_method = 'BALANCE' then
      update his_patient
         set balance     = balance - l_cash,
             update_time = sysdate,
             version_no  = version_no + 1
       where patient_id = l_patient.patient_id
         and balance >= l_cash;

      if sql%rowcount = 0 then
        raise_application_error(-20043, '就诊卡余额不足，当前余额：'
                                        || to_char(l_patient.balance, 'FM9999990.00') || ' 元，应付：'
                                        || to_char(l_cash, 'FM9999990.00') || ' 元');
      end if;
    end if;

    o_charge_id  := seq_op_charge.nextval;
    l_invoice_no := fn_gen_invoice_no(p_operator_id, 'E');

    insert into op_charge
      (charge_id, charge_no, reg_id, patient_id, invoice_no, total_amount, fund_pay, account_pay,
       cash_pay, pay_method, status, charge_time, operator_id)
    values
      (o_charge_id, 'SF' || to_char(sysdate, 'YYMMDD') || lpad(to_char(o_charge_id), 10, '0'),
       p_reg_id, l_patient.patient_id, l_invoice_no, l_total, l_fund, 0, l_cash,
       p_pay_method, 'N', sysdate, p_operator_id);

    -- 预先取号，FORALL 中不能直接调用序列以外的 PL/SQL 函数
    for i in 1 .. l_sel.count loop
      l_detail_ids(i) := seq_op_charge_detail.nextval;
      l_order_ids(i)  := l_sel(i).order_id;
    end loop;

    forall i in 1 .. l_sel.count
      insert into op_charge_detail
        (detail_id, charge_id, order_id, item_id, qty, unit_price, amount, ins_class, fund_amount, self_amount)
      values
        (l_detail_ids(i), o_charge_id, l_sel(i).order_id, l_sel(i).item_id, l_sel(i).qty,
         l_sel(i).unit_price, l_sel(i).amount, l_sel(i).ins_class, l_sel(i).fund_amount,
         l_sel(i).self_amount);

    forall i in 1 .. l_order_ids.count
      update op_fee_order
         set status    = c_status_paid,
             charge_id = o_charge_id
       where order_id = l_order_ids(i)
         and status   = c_status_unpaid;

    if sql%rowcount <> l_order_ids.count then
      raise_application_error(-20045, '划价状态已变化（并发收费），本次收费已回滚');
    end if;

    insert into op_invoice (invoice_no, charge_id, invoice_type, amount, payer_name, print_count, status)
    values (l_invoice_no, o_charge_id, 'E', l_total,
            nvl(to_nchar(l_patient.patient_name), c_default_payer), 0, 'N');

    log_msg('INFO', '收费成功; 收费ID=' || o_charge_id || ', 发票号=' || l_invoice_no
                    || ', 总额=' || to_char(l_total, 'FM9999990.00'));
  exception
    when no_data_found then
      raise_application_error(-20003, '挂号或患者信息不存在：reg_id=' || p_reg_id);
    when dup_val_on_index then
      -- 发票号重复（序列被人为重置过），记录后提示重新收费
      log_msg('ERROR', '发票号重复：' || l_invoice_no, sqlcode);
      raise_application_error(-20046, '发票号重复，请联系信息科检查序列 SEQ_OP_INVOICE');
    when others then
      g_last_error := sqlerrm;
      log_msg('ERROR', '收费失败：' || g_last_error, sqlcode);
      raise;
  end charge;

  ---------------------------------------------------------------------------
  -- 退费
  ---------------------------------------------------------------------------
  procedure refund (p_charge_id in number, p_reason in varchar2, p_operator_id in number)
  is
    l_red_id   op_charge.charge_id%type;
    l_charge_time op_charge.charge_time%type;
  begin
    select charge_time into l_charge_time from op_charge where charge_id = p_charge_id;

    if sysdate - l_charge_time > c_max_refund_days then
      raise_application_error(-20022, '超过' || c_max_refund_days || '天不允许窗口退费');
    end if;

    sp_op_refund(p_charge_id, p_reason, p_operator_id, l_red_id);
    dbms_output.put_line('退费成功，冲红单ID：' || l_red_id);
  exception
    when no_data_found then
      raise_application_error(-20020, '收费记录不存在：' || p_charge_id);
  end refund;

  ---------------------------------------------------------------------------
  -- 划价预览：写入会话临时表后返回游标
  ---------------------------------------------------------------------------
  function get_unpaid_cursor (p_reg_id in number) return sys_refcursor
  is
    l_cur      sys_refcursor;
    l_fees     t_fee_tab;
    l_ins_type his_patient.insurance_type%type;
    l_line     r_fee_line;
    l_seqs     t_id_tab;
  begin
    select p.insurance_type
      into l_ins_type
      from op_registration r
      join his_patient p on p.patient_id = r.patient_id
     where r.reg_id = p_reg_id;

    delete from gtt_fee_calc;

    -- 预览不加锁：直接用游标 FOR 循环读取
    for rec in (select o.order_id, o.item_id, i.item_name, i.ins_class, o.qty, o.unit_price, o.amount
                  from op_fee_order o, his_fee_item i
                 where o.item_id = i.item_id
                   and o.reg_id = p_reg_id
                   and o.status = c_status_unpaid
                 order by o.order_id)
    loop
      l_line.order_id    := rec.order_id;
      l_line.item_id     := rec.item_id;
      l_line.item_name   := rec.item_name;
      l_line.ins_class   := rec.ins_class;
      l_line.qty         := rec.qty;
      l_line.unit_price  := rec.unit_price;
      l_line.amount      := rec.amount;
      l_line.fund_amount := 0;
      l_line.self_amount := rec.amount;
      l_fees(l_fees.count + 1) := l_line;
    end loop;

    split_insurance(l_fees, l_ins_type);

    -- FORALL 的下标变量只能用作集合下标，序号需另建集合
    for i in 1 .. l_fees.count loop
      l_seqs(i) := i;
    end loop;

    forall i in 1 .. l_fees.count
      insert into gtt_fee_calc
        (seq_no, order_id, item_id, item_name, ins_class, qty, unit_price, amount, fund_amount, self_amount)
      values
        (l_seqs(i), l_fees(i).order_id, l_fees(i).item_id, l_fees(i).item_name, l_fees(i).ins_class,
         l_fees(i).qty, l_fees(i).unit_price, l_fees(i).amount, l_fees(i).fund_amount,
         l_fees(i).self_amount);

    open l_cur for
      select seq_no                                           as "序号",
             item_name                                        as "项目名称",
             decode(ins_class, 'A', '甲', 'B', '乙', '丙')     as "类别",
             qty                                              as "数量",
             unit_price                                       as "单价",
             amount                                           as "金额",
             fund_amount                                      as "统筹",
             self_amount                                      as "自付"
        from gtt_fee_calc
       order by seq_no;

    return l_cur;
  end get_unpaid_cursor;

  ---------------------------------------------------------------------------
  procedure query_charges
  (
    p_patient_id  in  number,
    p_begin       in  date,
    p_end         in  date,
    o_cur         out sys_refcursor
  )
  is
  begin
    open o_cur for
      select c.charge_no,
             c.invoice_no,
             c.charge_time,
             c.total_amount,
             c.fund_pay,
             c.cash_pay,
             decode(c.status, 'N', '正常', 'R', '已退费', 'H', '冲红', '未知') as status_name,
             d.dept_name
        from op_charge c, op_registration r, his_department d
       where c.reg_id     = r.reg_id
         and r.dept_id    = d.dept_id
         and c.patient_id = p_patient_id
         and c.charge_time >= trunc(p_begin)
         and c.charge_time <  trunc(p_end) + 1
       order by c.charge_time desc;
  end query_charges;

  ---------------------------------------------------------------------------
  procedure reprint_invoice (p_invoice_no in varchar2, p_operator_id in number)
  is
    l_inv op_invoice%rowtype;
  begin
    select * into l_inv from op_invoice where invoice_no = p_invoice_no for update;

    if l_inv.status <> 'N' then
      raise_application_error(-20050, '发票已红冲或作废，不能补打');
    end if;
    if l_inv.print_count >= 3 then
      raise_application_error(-20051, '同一发票补打不能超过3次，请联系财务科');
    end if;

    update op_invoice set print_count = print_count + 1 where invoice_no = p_invoice_no;
    log_msg('INFO', '补打发票 ' || p_invoice_no || '，操作员 ' || p_operator_id || '，' || c_tax_free_note);
  exception
    when no_data_found then
      raise_application_error(-20052, '发票号不存在：' || p_invoice_no);
  end reprint_invoice;

  ---------------------------------------------------------------------------
  -- 日结：统计当日收费笔数、金额，按支付方式汇总输出
  ---------------------------------------------------------------------------
  procedure daily_close (p_operator_id in number, p_date in date default trunc(sysdate))
  is
    l_sql    varchar2(1000);
    l_cnt    number;
    l_sum    number;
    l_refund number;
  begin
    l_sql := q'{SELECT COUNT(*), NVL(SUM(total_amount), 0)
                  FROM op_charge
                 WHERE operator_id = :op
                   AND status IN ('N', 'R')
                   AND charge_time >= :d1 AND charge_time < :d2}';

    execute immediate l_sql into l_cnt, l_sum using p_operator_id, trunc(p_date), trunc(p_date) + 1;

    execute immediate
      'SELECT NVL(SUM(-total_amount), 0) FROM op_charge WHERE operator_id = :1 AND status = ''H'''
      || ' AND charge_time >= :2 AND charge_time < :3'
      into l_refund
      using p_operator_id, trunc(p_date), trunc(p_date) + 1;

    dbms_output.put_line('========== 收费员日结 ' || to_char(p_date, 'YYYY"年"MM"月"DD"日"') || ' ==========');
    dbms_output.put_line('收费笔数：' || l_cnt || '  收费金额：' || to_char(l_sum, 'FM999999990.00'));
    dbms_output.put_line('退费金额：' || to_char(l_refund, 'FM999999990.00'));

    for r in (select pay_method,
                     count(*)          as cnt,
                     sum(total_amount) as amt,
                     sum(fund_pay)     as fund
                from op_charge
               where operator_id = p_operator_id
                 and charge_time >= trunc(p_date)
                 and charge_time <  trunc(p_date) + 1
               group by pay_method
               order by pay_method)
    loop
      dbms_output.put_line(rpad(r.pay_method, 10) || lpad(r.cnt, 6) || lpad(to_char(r.amt, 'FM9999990.00'), 14)
                           || '  其中统筹 ' || to_char(r.fund, 'FM9999990.00'));
    end loop;

    log_msg('INFO', '日结完成：操作员=' || p_operator_id || ', 笔数=' || l_cnt || ', 金额=' || l_sum);
  end daily_close;

  ---------------------------------------------------------------------------
  -- 调价：表名经 DBMS_ASSERT 校验，值通过绑定变量传入
  ---------------------------------------------------------------------------
  procedure adjust_price (p_table_name in varchar2, p_item_code in varchar2, p_new_price in number)
  is
    l_table  varchar2(130);
    l_rows   pls_integer;
  begin
    if p_new_price is null or p_new_price < 0 then
      raise_application_error(-20060, '价格不能为空或负数');
    end if;

    l_table := dbms_assert.simple_sql_name(p_table_name);

    if upper(l_table) = 'HIS_FEE_ITEM' then
      execute immediate 'UPDATE ' || l_table || ' SET price = :new_price, effective_date = SYSDATE'
                        || ' WHERE item_code = :code AND status = ''1'''
        using p_new_price, p_item_code;
    elsif upper(l_table) = 'PH_STOCK_BATCH' then
      execute immediate q'[UPDATE ph_stock_batch b
                              SET b.retail_price = :p
                            WHERE b.stock_qty > 0
                              AND b.drug_id = (SELECT d.drug_id FROM ph_drug d
                                                WHERE d.drug_code = :c)]'
        using p_new_price, p_item_code;
    else
      raise_application_error(-20061, '不支持的调价对象：' || p_table_name);
    end if;

    l_rows := sql%rowcount;
    log_msg('INFO', '调价 ' || l_table || '.' || p_item_code || ' -> ' || p_new_price || '，影响 ' || l_rows || ' 行');
  end adjust_price;

begin
  -- 包初始化：每个会话第一次调用时执行
  g_last_error := null;
end pkg_op_billing;
/
SHOW ERRORS PACKAGE BODY pkg_op_billing

PROMPT [11/12] 创建视图、同义词并授权 ...

-- 挂号明细视图：普通号没有指定医生，使用 (+) 外连接
CREATE OR REPLACE VIEW v_op_reg_detail
AS
SELECT r.reg_id,
       r.reg_no,
       r.visit_date,
       r.queue_no,
       p.card_no,
       p.patient_name,
       DECODE(p.gender, 'M', '男', 'F', '女', '未知')                 AS gender_name,
       fn_get_age(p.birth_date, r.visit_date)                       AS age_text,
       d.dept_name,
       NVL(doc.doctor_name, N'普通号')                               AS doctor_name,
       NVL(doc.title_name, '-')                                     AS title_name,
       DECODE(r.reg_type, 'W', '窗口', 'A', '预约', 'S', '自助机', 'O', '互联网', '其他') AS reg_type_name,
       DECODE(r.status, 'N', '待就诊', 'V', '已就诊', 'C', '已退号', r.status)          AS status_name,
       r.reg_fee + r.diag_fee                                       AS total_fee,
       NVL(r.insurance_type, p.insurance_type)                      AS insurance_type,
       r.reg_time
  FROM op_registration r,
       his_patient     p,
       his_department  d,
       his_doctor      doc
 WHERE r.patient_id = p.patient_id
   AND r.dept_id    = d.dept_id
   AND r.doctor_id  = doc.doctor_id(+);

COMMENT ON TABLE v_op_reg_detail IS '挂号明细视图（导诊、分诊使用）';

-- 号源余量：没有排班的医生也要显示（右表外连接）
CREATE OR REPLACE VIEW v_op_schedule_avail
AS
SELECT doc.doctor_id,
       doc.doctor_name,
       dep.dept_name,
       s.work_date,
       DECODE(s.time_slot, 'A', '上午', 'P', '下午', 'N', '夜间', '未排班')   AS slot_name,
       NVL(s.total_quota, 0)                                             AS total_quota,
       NVL(s.total_quota, 0) - NVL(s.used_quota, 0)                      AS remain_quota,
       DECODE(s.status, '1', DECODE(SIGN(s.total_quota - s.used_quota), 1, '可挂号', '已满'),
                        '0', '停诊', '无号源')                             AS avail_text
  FROM his_doctor doc,
       his_department dep,
       op_schedule s
 WHERE doc.dept_id = dep.dept_id
   AND doc.doctor_id = s.doctor_id(+)
   AND s.work_date(+) >= TRUNC(SYSDATE)
   AND doc.status = '1';

-- 日报视图：带引号的列名供报表工具直接显示
CREATE OR REPLACE VIEW "V_OpDailyReport"
  ("Charge Date", "Dept Name", "Charge Count", "Total Amount", "Fund Pay", "Cash Pay")
AS
SELECT TRUNC(c.charge_time),
       d.dept_name,
       COUNT(*),
       SUM(c.total_amount),
       SUM(c.fund_pay),
       SUM(c.cash_pay)
  FROM op_charge c, op_registration r, his_department d
 WHERE c.reg_id  = r.reg_id
   AND r.dept_id = d.dept_id
 GROUP BY TRUNC(c.charge_time), d.dept_name;

-- 收费金额前十的项目（ROWNUM 取前 N 条必须先排序再嵌套）
CREATE OR REPLACE VIEW v_op_top_items
AS
SELECT ROWNUM AS rank_no, t.*
  FROM (SELECT i.item_code,
               i.item_name,
               DECODE(i.item_category, '03', '检查', '04', '检验', '05', '西药', '06', '中成药', '其他') AS category_name,
               SUM(d.qty)    AS total_qty,
               SUM(d.amount) AS total_amount
          FROM op_charge_detail d, his_fee_item i
         WHERE d.item_id = i.item_id
         GROUP BY i.item_code, i.item_name, i.item_category
         ORDER BY SUM(d.amount) DESC) t
 WHERE ROWNUM <= 10;

-- 药房库存汇总：近效期批次预警
CREATE OR REPLACE VIEW v_ph_stock_summary
AS
SELECT dr.drug_code,
       dr.generic_name,
       dr.spec,
       dep.dept_name                                    AS pharmacy_name,
       NVL(SUM(b.stock_qty), 0)                         AS stock_qty,
       MIN(b.expire_date)                               AS nearest_expiry,
       CASE
         WHEN MIN(b.expire_date) < TRUNC(SYSDATE) + 90 THEN '近效期'
         WHEN NVL(SUM(b.stock_qty), 0) <= dr.low_stock_qty THEN '低库存'
         ELSE '正常'
       END                                              AS warn_flag
  FROM ph_drug dr, ph_stock_batch b, his_department dep
 WHERE dr.drug_id = b.drug_id(+)
   AND b.dept_id  = dep.dept_id(+)
   AND b.status(+) = '1'
 GROUP BY dr.drug_code, dr.generic_name, dr.spec, dep.dept_name, dr.low_stock_qty;

CREATE OR REPLACE SYNONYM op_reg FOR op_registration;
CREATE OR REPLACE SYNONYM op_bill FOR pkg_op_billing;
CREATE OR REPLACE SYNONYM op_daily_report FOR "V_OpDailyReport";
CREATE OR REPLACE PUBLIC SYNONYM his_fee_item FOR his_op.his_fee_item;

GRANT SELECT, INSERT, UPDATE ON op_registration TO his_app_role;
GRANT SELECT, INSERT, UPDATE ON op_fee_order TO his_app_role;
GRANT SELECT ON op_charge TO his_app_role;
GRANT SELECT ON his_patient TO his_app_role;
GRANT EXECUTE ON pkg_op_billing TO his_app_role;
GRANT EXECUTE ON fn_calc_fee TO his_app_role;
GRANT EXECUTE ON t_fee_list TO his_app_role;
GRANT SELECT ON v_op_reg_detail TO his_report;
GRANT SELECT ON "V_OpDailyReport" TO his_report WITH GRANT OPTION;
GRANT SELECT ON v_op_top_items TO his_report;
GRANT SELECT ON his_fee_item TO PUBLIC;

PROMPT [12/12] 初始化基础数据：科室、医生、收费项目、医保政策、药品 ...

-- 科室树：院区 -> 大科 -> 专科（先插父节点）
INSERT INTO his_department (dept_id, dept_code, dept_name, dept_alias, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (1, 'H01', '市第一人民医院', N'一院', NULL, 'A', 'SDYRMYY', '人民路 88 号', 0, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (10, 'NK', '内科', 1, 'C', 'NK', '门诊楼 2 楼', 10, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (11, 'XXGNK', '心血管内科', 10, 'C', 'XXGNK', '门诊楼 2 楼 A 区', 11);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (12, 'HXNK', '呼吸与危重症医学科', 10, 'C', 'HXNK', '门诊楼 2 楼 B 区', 12);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (13, 'XHNK', '消化内科', 10, 'C', 'XHNK', '门诊楼 2 楼 C 区', 13);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (14, 'SJNK', '神经内科', 10, 'C', 'SJNK', '门诊楼 3 楼 A 区', 14);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (20, 'WK', '外科', 1, 'C', 'WK', '门诊楼 4 楼', 20, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (21, 'PWK', '普通外科', 20, 'C', 'PTWK', '门诊楼 4 楼 A 区', 21);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (22, 'GK', '骨科', 20, 'C', 'GK', '门诊楼 4 楼 B 区', 22);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (23, 'MNWK', '泌尿外科', 20, 'C', 'MNWK', '门诊楼 4 楼 C 区', 23);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (30, 'FCK', '妇产科', 1, 'C', 'FCK', '妇儿楼 1 楼', 30);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (40, 'EK', '儿科', 1, 'C', 'EK', '妇儿楼 2 楼', 40);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (41, 'XSEK', '新生儿科', 40, 'C', 'XSEK', '妇儿楼 3 楼', 41, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no)
VALUES (50, 'JZK', '急诊科', 1, 'C', 'JZK', '急诊楼 1 楼', 50);
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (60, 'YJ', '医技科室', 1, 'M', 'YJKS', NULL, 60, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (61, 'JYK', '检验科', 60, 'M', 'JYK', '医技楼 1 楼', 61, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (62, 'FSK', '放射科', 60, 'M', 'FSK', '医技楼 B1', 62, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (63, 'CSK', '超声医学科', 60, 'M', 'CSYXK', '医技楼 2 楼', 63, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (70, 'YJB', '药学部', 1, 'P', 'YXB', NULL, 70, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (71, 'MZXYF', '门诊西药房', 70, 'P', 'MZXYF', '门诊楼 1 楼东侧', 71, 'N');
INSERT INTO his_department (dept_id, dept_code, dept_name, parent_id, dept_type, pinyin_code, location, sort_no, is_outpatient)
VALUES (72, 'MZZYF', '门诊中药房', 70, 'P', 'MZZYF', '门诊楼 1 楼西侧', 72, 'N');

-- 医生（外籍专家姓名含单引号，使用 N'' 与 '' 转义）
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (1, 'D0001', N'张建国', 'M', 11, '主任医师', '4', '冠心病介入治疗、复杂心律失常', '110440100000001');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (2, 'D0002', N'李秀英', 'F', 11, '副主任医师', '2', '高血压、心力衰竭', '110440100000002');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (3, 'D0003', N'王志强', 'M', 12, '主治医师', '1', '慢阻肺、哮喘', '110440100000003');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (4, 'D0004', N'刘敏', 'F', 13, '主任医师', '3', '消化内镜、炎症性肠病', '110440100000004');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (5, 'D0005', N'陈晓东', 'M', 21, '副主任医师', '2', '甲状腺、乳腺外科', '110440100000005');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (6, 'D0006', N'杨帆', 'M', 22, '主治医师', '1', '运动损伤、关节镜', '110440100000006');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (7, 'D0007', N'赵丽华', 'F', 30, '主任医师', '3', '高危妊娠', '110440100000007');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (8, 'D0008', N'黄小燕', 'F', 40, '主治医师', '1', '小儿呼吸道感染', '110440100000008');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (9, 'D0009', N'周杰', 'M', 50, '主治医师', '1', '急危重症', '110440100000009');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (10, 'D0010', N'吴海燕', 'F', 14, '副主任医师', '2', '脑血管病、头痛', '110440100000010');
INSERT INTO his_doctor (doctor_id, doctor_code, doctor_name, gender, dept_id, title_name, reg_level, specialty, license_no)
VALUES (11, 'D0011', N'Patrick O''Brien', 'M', 11, '客座教授', '4', 'Cardiac electrophysiology; 国际医疗部', 'FOREIGN-IE-0042');

-- 收费项目：挂号费（丙类）、诊查费（甲类）、检查检验、药品、治疗、材料
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (1, 'GH0001', '普通门诊挂号费', '01', NULL, '次', 1.0000, 'C', 0, NULL, NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (2, 'GH0002', '专家门诊挂号费', '01', NULL, '次', 2.0000, 'C', 0, NULL, NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (3, 'ZC0001', '普通门诊诊查费', '02', NULL, '次', 10.0000, 'A', 0, '001102000010000', NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (4, 'ZC0002', '副主任医师门诊诊查费', '02', NULL, '次', 20.0000, 'A', 0, '001102000020000', NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (5, 'ZC0003', '主任医师门诊诊查费', '02', NULL, '次', 30.0000, 'A', 0, '001102000030000', NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (6, 'ZC0004', '知名专家门诊诊查费', '02', NULL, '次', 100.0000, 'B', 0.2000, '001102000040000', NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (7, 'ZC0005', '急诊诊查费', '02', NULL, '次', 15.0000, 'A', 0, '001102000050000', NULL);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (8, 'JC0001', '胸部正位 DR 摄影', '03', '数字化摄影', '次', 75.0000, 'A', 0, '210102015', 62);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (9, 'JC0002', '腹部彩色多普勒超声', '03', '肝胆胰脾', '次', 120.0000, 'B', 0.1000, '220201001', 63);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (10, 'JC0003', '头颅 CT 平扫', '03', '64 排', '次', 230.0000, 'B', 0.1000, '210300001', 62);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (11, 'JY0001', '血常规（五分类）', '04', NULL, '次', 20.0000, 'A', 0, '250101015', 61);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (12, 'JY0002', '肝功能十一项', '04', NULL, '组', 66.0000, 'A', 0, '250305000', 61);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (13, 'JY0003', 'C 反应蛋白测定（CRP）', '04', NULL, '项', 25.0000, 'A', 0, '250403022', 61);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (14, 'JY0004', '糖化血红蛋白测定', '04', NULL, '项', 60.0000, 'B', 0.1000, '250302003', 61);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (15, 'XY0001', '阿莫西林胶囊', '05', '0.25g*24粒', '盒', 12.5000, 'A', 0, 'XJ01CAA040A001010100000', 71);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (16, 'XY0002', '硝苯地平控释片', '05', '30mg*7片', '盒', 32.8000, 'B', 0.1000, 'XC08CAN052A010010100000', 71);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (17, 'XY0003', '阿托伐他汀钙片', '05', '20mg*7片', '盒', 18.9000, 'A', 0, 'XC10AAA126A001010100000', 71);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (18, 'XY0004', '奥美拉唑肠溶胶囊', '05', '20mg*14粒', '盒', 15.6000, 'A', 0, 'XA02BCA211E001010100000', 71);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (19, 'ZL0001', '静脉输液（第一组）', '07', NULL, '组', 5.0000, 'A', 0, '120400006', 50);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (20, 'ZL0002', '肌肉注射', '07', NULL, '次', 3.0000, 'A', 0, '120400001', 50);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, spec, unit_name, price, ins_class, self_ratio, nhsa_code, exec_dept_id)
VALUES (21, 'CL0001', '一次性使用输液器（带针）', '08', '0.7mm', '套', 2.5000, 'C', 0, NULL, 50);

-- 医保政策：职工医保门诊统筹 70%，居民医保 50%，离休 100%
INSERT ALL
  INTO his_ins_policy (policy_id, insurance_type, visit_type, deductible, reimburse_ratio, annual_cap, begin_date, end_date, policy_desc)
  VALUES (1, 'UEBMI', 'O', 0, 0.7000, 4000, DATE '2024-01-01', NULL, '城镇职工医保普通门诊统筹，年度限额4000元')
  INTO his_ins_policy (policy_id, insurance_type, visit_type, deductible, reimburse_ratio, annual_cap, begin_date, end_date, policy_desc)
  VALUES (2, 'URRBMI', 'O', 0, 0.5000, 800, DATE '2024-01-01', NULL, '城乡居民医保普通门诊统筹，年度限额800元')
  INTO his_ins_policy (policy_id, insurance_type, visit_type, deductible, reimburse_ratio, annual_cap, begin_date, end_date, policy_desc)
  VALUES (3, 'LX', 'O', 0, 1.0000, NULL, DATE '2000-01-01', NULL, '离休干部医疗费用全额保障')
  INTO his_ins_policy (policy_id, insurance_type, visit_type, deductible, reimburse_ratio, annual_cap, begin_date, end_date, policy_desc)
  VALUES (4, 'UEBMI', 'I', 1300, 0.8500, 400000, DATE '2024-01-01', NULL, '职工医保住院：三级医院起付线1300元')
  INTO his_ins_policy (policy_id, insurance_type, visit_type, deductible, reimburse_ratio, annual_cap, begin_date, end_date, policy_desc)
  VALUES (5, 'URRBMI', 'I', 1000, 0.6500, 250000, DATE '2024-01-01', NULL, '居民医保住院：三级医院起付线1000元')
SELECT * FROM dual;

-- 药品字典与批次库存（同一药品多个批号，效期不同，用于验证先进先出）
INSERT INTO ph_drug (drug_id, item_id, drug_code, generic_name, trade_name, spec, dosage_form, manufacturer, pack_unit, min_unit, pack_ratio, low_stock_qty)
VALUES (1, 15, 'YP0001', '阿莫西林胶囊', '阿莫仙', '0.25g*24粒', '胶囊剂', '珠海联邦制药股份有限公司', '盒', '粒', 24, 50);
INSERT INTO ph_drug (drug_id, item_id, drug_code, generic_name, trade_name, spec, dosage_form, manufacturer, pack_unit, min_unit, pack_ratio, low_stock_qty)
VALUES (2, 16, 'YP0002', '硝苯地平控释片', '拜新同', '30mg*7片', '控释片', '拜耳医药保健有限公司', '盒', '片', 7, 30);
INSERT INTO ph_drug (drug_id, item_id, drug_code, generic_name, trade_name, spec, dosage_form, manufacturer, pack_unit, min_unit, pack_ratio, low_stock_qty)
VALUES (3, 17, 'YP0003', '阿托伐他汀钙片', '立普妥', '20mg*7片', '片剂', '辉瑞制药有限公司', '盒', '片', 7, 30);
INSERT INTO ph_drug (drug_id, item_id, drug_code, generic_name, trade_name, spec, dosage_form, manufacturer, pack_unit, min_unit, pack_ratio, low_stock_qty)
VALUES (4, 18, 'YP0004', '奥美拉唑肠溶胶囊', '洛赛克', '20mg*14粒', '肠溶胶囊', '阿斯利康制药有限公司', '盒', '粒', 14, 20);

INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 1, 71, 'AMX2303015', DATE '2023-03-01', ADD_MONTHS(TRUNC(SYSDATE), 2), 200, 6, 9.8000, 12.5000);
INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 1, 71, 'AMX2401102', DATE '2024-01-10', ADD_MONTHS(TRUNC(SYSDATE), 14), 300, 300, 9.8000, 12.5000);
INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 2, 71, 'NFD-23K08', DATE '2023-11-08', ADD_MONTHS(TRUNC(SYSDATE), 6), 120, 1, 28.6000, 32.8000);
INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 2, 71, 'NFD-24C21', DATE '2024-03-21', ADD_MONTHS(TRUNC(SYSDATE), 20), 240, 240, 28.6000, 32.8000);
INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 3, 71, 'ATV240506', DATE '2024-05-06', ADD_MONTHS(TRUNC(SYSDATE), 24), 500, 500, 15.1000, 18.9000);
INSERT INTO ph_stock_batch (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty, purchase_price, retail_price)
VALUES (seq_ph_stock_batch.NEXTVAL, 4, 71, 'OMP230912', DATE '2023-09-12', ADD_MONTHS(TRUNC(SYSDATE), 1), 100, 40, 12.2000, 15.6000);

-- 患者：patient_id 由触发器从序列生成
INSERT INTO his_patient (card_no, patient_name, name_pinyin, gender, birth_date, id_type, id_card_no, phone, address, insurance_type, insurance_no, balance)
VALUES ('JZK0000000001', '王小明', 'WANG XIAOMING', 'M', DATE '1968-04-12', '01', '44010619680412361x', '13800138001', N'广州市天河区体育西路 101 号', 'UEBMI', 'GZ440100196804120001', 500);
INSERT INTO his_patient (card_no, patient_name, name_pinyin, gender, birth_date, id_type, id_card_no, phone, address, insurance_type, insurance_no, balance)
VALUES ('JZK0000000002', '李梅', 'LI MEI', 'F', DATE '1990-11-30', '01', '440104199011302228', '13900139002', N'广州市越秀区中山五路 20 号', 'URRBMI', 'GZ440100199011300002', 0);
INSERT INTO his_patient (card_no, patient_name, name_pinyin, gender, birth_date, id_type, id_card_no, phone, address, insurance_type, balance, remark)
VALUES ('JZK0000000003', 'Mary O''Brien', 'MARY OBRIEN', 'F', DATE '1979-07-04', '03', NULL, '+353-1-5550199', N'Dublin, Ireland（国际医疗部）', 'SELF', 2000,
        q'[过敏史：'青霉素'皮试阳性; 备注中含有 ' 单引号，需原样保存]');
INSERT INTO his_patient (card_no, patient_name, name_pinyin, gender, birth_date, id_type, id_card_no, phone, insurance_type, balance, remark)
VALUES ('JZK0000000004', '陈一一', 'CHEN YIYI', 'F', ADD_MONTHS(TRUNC(SYSDATE), -8), '01', NULL, '13700137004', 'URRBMI', 0,
        q'{新生儿随母参保 {母亲：李梅}，出生证明编号 Q440100123}');
INSERT INTO his_patient (card_no, patient_name, name_pinyin, gender, birth_date, id_type, id_card_no, phone, insurance_type, balance, finger_digest)
VALUES ('JZK0000000005', '赵德胜', 'ZHAO DESHENG', 'M', DATE '1932-02-18', '01', '440102193202180011', '02083000005', 'LX', 100,
        HEXTORAW('9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08'));

-- 纸质发票号段：收费员 9001、9002
INSERT INTO op_invoice_segment (segment_id, operator_id, invoice_prefix, begin_no, end_no, current_no, status)
VALUES (seq_op_invoice_segment.NEXTVAL, 9001, 'GD2024A', 1000001, 1002000, 1000000, 'A');
INSERT INTO op_invoice_segment (segment_id, operator_id, invoice_prefix, begin_no, end_no, current_no, status)
VALUES (seq_op_invoice_segment.NEXTVAL, 9002, 'GD2024A', 1002001, 1004000, 1002000, 'A');

-- 打印模板：模板文本中包含换行、分号、以及单独一行的斜杠（票据分隔线）。
-- 斜杠行用 CHR(10) 拼接：SQL*Plus/DIsql 会把字符串里单独一行的 / 当作语句结束。
INSERT INTO op_print_template (template_id, template_code, template_name, template_text)
VALUES (1, 'OP_INVOICE_FOOTER', '门诊票据页脚', '温馨提示：请妥善保管本票据; 遗失不补。' || CHR(10) || '/' || CHR(10) ||
'如需医保报销，请携带本票据至一楼医保窗口办理。');
INSERT INTO op_print_template (template_id, template_code, template_name, template_text)
VALUES (2, 'OP_GUIDE_SLIP', '导诊单', q'[就诊科室：{dept}  诊室：{room}
请按 "序号" 顺序候诊，过号请到分诊台 're-queue'。]');
INSERT INTO op_print_template (template_id, template_code, template_name, template_text)
VALUES (3, 'TMP_TEST', '测试模板（上线前删除）', 'test; -- not a comment /* nor this */');

COMMIT;

-- 上线前价格调整：知名专家诊查费按物价局 2024 年第 12 号文执行
UPDATE his_fee_item
   SET price          = 120.0000,
       effective_date = TRUNC(SYSDATE)
 WHERE item_code = 'ZC0004';

UPDATE his_department d
   SET d.dept_alias  = N'心内科',
       d.update_time = SYSDATE
 WHERE d.dept_code = 'XXGNK';

-- 儿科挂号统一改为普通号（政策要求儿科不设专家号上限）
UPDATE his_doctor
   SET reg_level = '1'
 WHERE dept_id IN (SELECT dept_id
                     FROM his_department
                    START WITH dept_code = 'EK'
                  CONNECT BY PRIOR dept_id = parent_id);

DELETE FROM op_print_template WHERE template_code = 'TMP_TEST';

-- 日志保留 180 天
DELETE FROM his_op_log
 WHERE log_time < SYSTIMESTAMP - INTERVAL '180' DAY;

-- 物价同步：来自省医保目录的新增/调价项目，存在则更新价格，不存在则新增
MERGE INTO his_fee_item t
USING (
  SELECT 'JY0005' AS item_code, '尿液分析（干化学+沉渣）' AS item_name, '04' AS item_category, '次' AS unit_name,
         18.0000 AS price, 'A' AS ins_class, 0 AS self_ratio, 61 AS exec_dept_id
    FROM dual
  UNION ALL
  SELECT 'JY0001', '血常规（五分类）', '04', '次', 22.0000, 'A', 0, 61 FROM dual
  UNION ALL
  SELECT 'JC0004', '心电图检查（十二导联）', '03', '次', 25.0000, 'A', 0, 63 FROM dual
) s
ON (t.item_code = s.item_code)
WHEN MATCHED THEN
  UPDATE SET t.price          = s.price,
             t.ins_class      = s.ins_class,
             t.effective_date = TRUNC(SYSDATE)
   WHERE t.price <> s.price
WHEN NOT MATCHED THEN
  INSERT (item_id, item_code, item_name, item_category, unit_name, price, ins_class, self_ratio, exec_dept_id, effective_date, status)
  VALUES (seq_his_fee_item.NEXTVAL, s.item_code, s.item_name, s.item_category, s.unit_name, s.price,
          s.ins_class, s.self_ratio, s.exec_dept_id, TRUNC(SYSDATE), '1');

COMMIT;

PROMPT 科室树（CONNECT BY 层次查询）：

COLUMN dept_tree FORMAT A40
COLUMN full_path FORMAT A80

SELECT LPAD(' ', (LEVEL - 1) * 4) || d.dept_name      AS dept_tree,
       d.dept_code,
       LEVEL                                          AS tree_level,
       SYS_CONNECT_BY_PATH(d.dept_name, ' > ')        AS full_path,
       DECODE(CONNECT_BY_ISLEAF, 1, '末级', '')        AS leaf_flag
  FROM his_department d
 WHERE d.status = '1'
 START WITH d.parent_id IS NULL
CONNECT BY PRIOR d.dept_id = d.parent_id
 ORDER SIBLINGS BY d.sort_no;

-- 每个开设门诊的专科向上追溯到一级科室（自底向上的 CONNECT BY）
SELECT CONNECT_BY_ROOT d.dept_name AS clinic_name,
       d.dept_name                 AS top_dept_name
  FROM his_department d
 WHERE d.parent_id = 1
 START WITH d.is_outpatient = 'Y' AND d.dept_type = 'C'
CONNECT BY d.dept_id = PRIOR d.parent_id
 ORDER BY 2, 1;

-- 外籍患者按姓氏模糊查询（走 idx_his_patient_name_up 函数索引）
SELECT patient_id, card_no, patient_name, insurance_type
  FROM his_patient
 WHERE UPPER(patient_name) LIKE '%' || UPPER('O''Brien') || '%';

PROMPT 编译门诊药房包 PKG_PHARMACY（规格与包体为独立文件）...
@@pkg_pharmacy.pks
@@pkg_pharmacy.pkb

GRANT EXECUTE ON pkg_pharmacy TO his_app_role;

PROMPT 生成未来 7 天门诊排班 ...

DECLARE
  c_days        CONSTANT PLS_INTEGER := 7;
  l_work_date   DATE;
  l_reg_item    his_fee_item.item_id%TYPE;
  l_diag_item   his_fee_item.item_id%TYPE;
  l_quota       op_schedule.total_quota%TYPE;
  l_cnt         PLS_INTEGER := 0;
  l_skip        PLS_INTEGER := 0;
BEGIN
  <<day_loop>>
  FOR d IN 0 .. c_days - 1 LOOP
    l_work_date := TRUNC(SYSDATE) + d;

    <<doctor_loop>>
    FOR doc IN (SELECT doctor_id, dept_id, reg_level
                  FROM his_doctor
                 WHERE status = '1'
                 ORDER BY doctor_id)
    LOOP
      -- 周日只开急诊，其余科室不排班
      IF TO_CHAR(l_work_date, 'DY', 'NLS_DATE_LANGUAGE=AMERICAN') = 'SUN' AND doc.dept_id <> 50 THEN
        l_skip := l_skip + 1;
        CONTINUE doctor_loop;
      END IF;

      l_reg_item  := CASE WHEN doc.reg_level IN ('3', '4') THEN 2 ELSE 1 END;
      l_diag_item := CASE doc.reg_level
                       WHEN '1' THEN 3
                       WHEN '2' THEN 4
                       WHEN '3' THEN 5
                       ELSE 6
                     END;
      IF doc.dept_id = 50 THEN
        l_diag_item := 7;   -- 急诊诊查费
      END IF;

      l_quota := CASE doc.reg_level WHEN '4' THEN 10 WHEN '3' THEN 20 ELSE 40 END;

      <<slot_loop>>
      FOR s IN 1 .. 2 LOOP
        INSERT INTO op_schedule
          (schedule_id, doctor_id, dept_id, work_date, time_slot, reg_level, total_quota,
           used_quota, reg_item_id, diag_item_id, clinic_room, status)
        VALUES
          (seq_op_schedule.NEXTVAL, doc.doctor_id, doc.dept_id, l_work_date,
           CASE s WHEN 1 THEN 'A' ELSE 'P' END, doc.reg_level, l_quota, 0,
           l_reg_item, l_diag_item, doc.dept_id || '-' || LPAD(doc.doctor_id, 2, '0') || '诊室', '1');
        l_cnt := l_cnt + 1;
      END LOOP slot_loop;
    END LOOP doctor_loop;

    -- 安全阀：防止医生表数据异常导致生成过多排班
    EXIT day_loop WHEN l_cnt > 1000;
  END LOOP day_loop;

  <<summary_block>>
  DECLARE
    l_total_quota NUMBER;
  BEGIN
    SELECT SUM(total_quota) INTO l_total_quota FROM op_schedule WHERE work_date >= TRUNC(SYSDATE);
    DBMS_OUTPUT.PUT_LINE('共生成排班 ' || l_cnt || ' 条，跳过 ' || l_skip || ' 条，号源合计 ' || l_total_quota);
  END summary_block;

  COMMIT;
END;
/

PROMPT 冒烟测试：挂号 -> 划价 -> 预览 -> 收费 -> 发药 -> 退费 ...

DECLARE
  l_sched_id    op_schedule.schedule_id%TYPE;
  l_reg_id      op_registration.reg_id%TYPE;
  l_reg_id2     op_registration.reg_id%TYPE;
  l_charge_id   op_charge.charge_id%TYPE;
  l_charge_id2  op_charge.charge_id%TYPE;
  l_red_id      op_charge.charge_id%TYPE;
  l_cur         SYS_REFCURSOR;
  l_seq         NUMBER;
  l_name        VARCHAR2(200 CHAR);
  l_class       VARCHAR2(10);
  l_qty         NUMBER;
  l_price       NUMBER;
  l_amount      NUMBER;
  l_fund        NUMBER;
  l_self        NUMBER;
  l_charge      op_charge%ROWTYPE;
  l_balance     his_patient.balance%TYPE;
BEGIN
  -- 优先挂心内科今日号源，周日只有急诊
  SELECT schedule_id
    INTO l_sched_id
    FROM (SELECT schedule_id
            FROM op_schedule
           WHERE work_date = TRUNC(SYSDATE)
             AND status = '1'
             AND used_quota < total_quota
           ORDER BY DECODE(dept_id, 11, 0, 50, 1, 2), schedule_id)
   WHERE ROWNUM = 1;

  -- 自助机刷卡挂号（按卡号重载）
  pkg_op_billing.register_patient(p_card_no     => '  JZK0000000001',
                                  p_schedule_id => l_sched_id,
                                  p_operator_id => 9001,
                                  o_reg_id      => l_reg_id);

  -- 医生开具检验与处方（划价）
  INSERT INTO op_fee_order (order_id, reg_id, patient_id, item_id, qty, unit_price, amount, order_doctor_id, exec_dept_id)
  SELECT seq_op_fee_order.NEXTVAL, r.reg_id, r.patient_id, f.item_id, q.qty, f.price,
         ROUND(f.price * q.qty, 2), r.doctor_id, f.exec_dept_id
    FROM op_registration r,
         his_fee_item f,
         (SELECT 'JY0001' AS code, 1 AS qty FROM dual UNION ALL
          SELECT 'JY0003', 1 FROM dual UNION ALL
          SELECT 'XY0002', 2 FROM dual UNION ALL
          SELECT 'XY0003', 1 FROM dual) q
   WHERE r.reg_id = l_reg_id
     AND f.item_code = q.code;

  DBMS_OUTPUT.PUT_LINE('划价明细 ' || SQL%ROWCOUNT || ' 条');

  l_cur := pkg_op_billing.get_unpaid_cursor(l_reg_id);
  LOOP
    FETCH l_cur INTO l_seq, l_name, l_class, l_qty, l_price, l_amount, l_fund, l_self;
    EXIT WHEN l_cur%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE(LPAD(l_seq, 3) || '. ' || RPAD(l_name, 20) || ' [' || l_class || '] '
                         || l_qty || ' x ' || TO_CHAR(l_price, 'FM99990.00') || ' = ' || TO_CHAR(l_amount, 'FM99990.00')
                         || '  统筹 ' || TO_CHAR(l_fund, 'FM99990.00') || '  自付 ' || TO_CHAR(l_self, 'FM99990.00'));
  END LOOP;
  CLOSE l_cur;

  -- 就诊卡余额支付
  pkg_op_billing.charge(p_reg_id      => l_reg_id,
                        p_pay_method  => 'BALANCE',
                        p_operator_id => 9001,
                        o_charge_id   => l_charge_id);

  SELECT * INTO l_charge FROM op_charge WHERE charge_id = l_charge_id;
  SELECT balance INTO l_balance FROM his_patient WHERE card_no = 'JZK0000000001';
  DBMS_OUTPUT.PUT_LINE('收费单 ' || l_charge.charge_no || ' 发票 ' || l_charge.invoice_no
                       || ' 总额 ' || l_charge.total_amount || ' 统筹 ' || l_charge.fund_pay
                       || ' 自付 ' || l_charge.cash_pay || ' 卡内余额 ' || l_balance);

  -- 药房按效期先进先出发药（硝苯地平第一个批次只剩 1 盒，会拆分两个批次）
  pkg_pharmacy.dispense_charge(p_charge_id => l_charge_id, p_dept_id => 71, p_operator_id => 9101);

  -- 外籍患者急诊：现金收费后全额退费
  SELECT schedule_id
    INTO l_sched_id
    FROM (SELECT schedule_id FROM op_schedule
           WHERE dept_id = 50 AND work_date = TRUNC(SYSDATE) AND status = '1'
           ORDER BY time_slot)
   WHERE ROWNUM = 1;

  pkg_op_billing.register_patient(p_card_no => 'JZK0000000003', p_schedule_id => l_sched_id,
                                  p_operator_id => 9002, o_reg_id => l_reg_id2);
  pkg_op_billing.charge(l_reg_id2, 'CASH', 9002, l_charge_id2);
  pkg_op_billing.refund(l_charge_id2, q'!Patient O'Brien 转诊至国际医疗部，要求退费!', 9002);

  SELECT charge_id INTO l_red_id FROM op_charge WHERE orig_charge_id = l_charge_id2;
  DBMS_OUTPUT.PUT_LINE('冲红记录ID：' || l_red_id);

  COMMIT;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    ROLLBACK;
    DBMS_OUTPUT.PUT_LINE('冒烟测试跳过：今日无可用号源');
  WHEN OTHERS THEN
    ROLLBACK;
    DBMS_OUTPUT.PUT_LINE('冒烟测试失败：' || SQLERRM);
    DBMS_OUTPUT.PUT_LINE(DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
    RAISE;
END;
/

-- 对象类型集合在 PL/SQL 与 SQL 中的用法
DECLARE
  l_items   t_fee_list := t_fee_list();
  l_total   NUMBER := 0;
  l_sum_sql NUMBER;
BEGIN
  l_items.EXTEND(3);
  l_items(1) := t_fee_item(11, 1);   -- 血常规
  l_items(2) := t_fee_item(8, 1);    -- 胸片
  l_items(3) := t_fee_item(15, 2);   -- 阿莫西林 2 盒

  FOR i IN 1 .. l_items.COUNT LOOP
    DBMS_OUTPUT.PUT_LINE(i || ') ' || l_items(i).display_text());
    l_total := l_total + l_items(i).amount;
  END LOOP;

  SELECT SUM(t.amount) INTO l_sum_sql FROM TABLE(l_items) t;

  IF l_sum_sql <> l_total THEN
    RAISE_APPLICATION_ERROR(-20099, 'PL/SQL 合计与 SQL 合计不一致');
  END IF;
  DBMS_OUTPUT.PUT_LINE(N'合计：' || TO_CHAR(l_total, 'FM99990.00') || ' 元');
END;
/

-- 表函数：查看最近一个挂号的待收费明细（冒烟测试后应为空）
SELECT t.item_code, t.item_name, t.qty, t.amount, t.fund_amount, t.self_amount
  FROM TABLE(fn_preview_fees((SELECT MAX(reg_id) FROM op_registration))) t;

SELECT * FROM v_op_reg_detail ORDER BY reg_id;
SELECT "Dept Name", "Charge Count", "Total Amount" FROM "V_OpDailyReport" WHERE "Charge Date" = TRUNC(SYSDATE);

EXEC pkg_op_billing.daily_close(9001);

PROMPT 检查无效对象 ...

DECLARE
  l_invalid PLS_INTEGER := 0;
BEGIN
  DBMS_UTILITY.COMPILE_SCHEMA(schema => USER, compile_all => FALSE);
  FOR o IN (SELECT object_type, object_name
              FROM user_objects
             WHERE status = 'INVALID'
             ORDER BY object_type, object_name)
  LOOP
    l_invalid := l_invalid + 1;
    DBMS_OUTPUT.PUT_LINE('无效对象: ' || o.object_type || ' ' || o.object_name);
  END LOOP;

  IF l_invalid > 0 THEN
    RAISE_APPLICATION_ERROR(-20098, '存在 ' || l_invalid || ' 个无效对象，请检查 his_install.log');
  END IF;
  DBMS_OUTPUT.PUT_LINE('全部对象编译通过。');
END;
/

PROMPT ==========================================================
PROMPT  门诊挂号与收费模块安装完成
PROMPT ==========================================================

SPOOL OFF
SET DEFINE ON
EXIT
