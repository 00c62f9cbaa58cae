// SPDX-License-Identifier: GPL-2.0
/*
 * Replacement for the MHI host bus (drivers/bus/mhi/host), exporting the
 * functions the qaic driver calls. Instead of driving a modem-style ring
 * protocol over BAR 0, the single supported channel, QAIC_CONTROL, hands
 * whole messages to the simulated firmware (firmware.c) and delivers its
 * replies into the receive buffers the client queued, through the client's
 * own transfer callbacks, as the real MHI core does.
 *
 * One controller at a time; other channels (SAHARA, timesync, logging) are
 * never created, so their client drivers register but never probe.
 */
#include <linux/device.h>
#include <linux/mhi.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "sim.h"

#define SIM_MHI_RING_ELEMENTS	128
#define SIM_CONTROL_CHANNEL	"QAIC_CONTROL"

struct sim_buf {
	struct list_head node;
	void *buf;
	size_t len;
};

struct sim_msg {
	struct list_head node;
	struct list_head pieces;
};

static struct {
	struct mhi_controller *cntrl;
	struct mhi_device *control;
	enum mhi_ee_type ee;
	bool started;
	spinlock_t lock;		/* rx, tx, msgs, started */
	struct list_head rx;		/* receive buffers queued by the host */
	struct list_head tx;		/* pieces of the message being sent */
	struct list_head msgs;		/* complete messages for the firmware */
	struct workqueue_struct *wq;
	struct work_struct create_work;
	struct work_struct msg_work;
} sim_mhi;

static const struct mhi_device_id *sim_mhi_match_id(struct mhi_device *mhi_dev,
						    const struct mhi_driver *drv)
{
	const struct mhi_device_id *id;

	for (id = drv->id_table; id && id->chan[0]; id++)
		if (!strcmp(mhi_dev->name, id->chan))
			return id;
	return NULL;
}

static int sim_mhi_bus_match(struct device *dev, const struct device_driver *drv)
{
	return sim_mhi_match_id(to_mhi_device(dev), to_mhi_driver(drv)) != NULL;
}

static int sim_mhi_bus_probe(struct device *dev)
{
	struct mhi_device *mhi_dev = to_mhi_device(dev);
	const struct mhi_driver *drv = to_mhi_driver(dev->driver);
	const struct mhi_device_id *id = sim_mhi_match_id(mhi_dev, drv);

	if (!id || !drv->probe)
		return -ENODEV;
	mhi_dev->id = id;
	return drv->probe(mhi_dev, id);
}

static void sim_mhi_bus_remove(struct device *dev)
{
	const struct mhi_driver *drv = to_mhi_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_mhi_device(dev));
}

static const struct bus_type sim_mhi_bus = {
	.name = "mhi",
	.match = sim_mhi_bus_match,
	.probe = sim_mhi_bus_probe,
	.remove = sim_mhi_bus_remove,
};

static void sim_mhi_dev_release(struct device *dev)
{
	kfree(to_mhi_device(dev));
}

static const struct mhi_driver *sim_mhi_client(void)
{
	struct mhi_device *mhi_dev = sim_mhi.control;

	if (!mhi_dev || !mhi_dev->dev.driver)
		return NULL;
	return to_mhi_driver(mhi_dev->dev.driver);
}

/* Mission mode reached: create the channel devices, as the MHI core does. */
static void sim_mhi_create_work(struct work_struct *work)
{
	struct mhi_controller *cntrl = sim_mhi.cntrl;
	struct mhi_device *mhi_dev;
	int ret;

	if (!cntrl || sim_mhi.control)
		return;
	mhi_dev = kzalloc_obj(*mhi_dev, GFP_KERNEL);
	if (!mhi_dev)
		return;
	device_initialize(&mhi_dev->dev);
	mhi_dev->dev.bus = &sim_mhi_bus;
	mhi_dev->dev.parent = cntrl->cntrl_dev;
	mhi_dev->dev.release = sim_mhi_dev_release;
	mhi_dev->name = SIM_CONTROL_CHANNEL;
	mhi_dev->mhi_cntrl = cntrl;
	mhi_dev->dev_type = MHI_DEVICE_XFER;
	mhi_dev->ul_chan_id = 10;
	mhi_dev->dl_chan_id = 11;
	dev_set_name(&mhi_dev->dev, "%s_" SIM_CONTROL_CHANNEL, dev_name(cntrl->cntrl_dev));
	sim_mhi.control = mhi_dev;
	ret = device_add(&mhi_dev->dev);
	if (ret) {
		dev_err(cntrl->cntrl_dev, "sim_aic100: adding %s failed: %d\n",
			SIM_CONTROL_CHANNEL, ret);
		sim_mhi.control = NULL;
		put_device(&mhi_dev->dev);
	}
}

static void sim_mhi_complete(const struct mhi_driver *drv, struct sim_buf *b,
			     enum dma_data_direction dir, size_t len, int status)
{
	struct mhi_result result = {
		.buf_addr = b->buf,
		.bytes_xferd = len,
		.dir = dir,
		.transaction_status = status,
	};

	if (dir == DMA_TO_DEVICE) {
		if (drv && drv->ul_xfer_cb)
			drv->ul_xfer_cb(sim_mhi.control, &result);
	} else if (drv && drv->dl_xfer_cb) {
		drv->dl_xfer_cb(sim_mhi.control, &result);
	}
	kfree(b);
}

static void sim_mhi_deliver(struct sim_msg *msg)
{
	const struct mhi_driver *drv = sim_mhi_client();
	struct sim_buf *b, *tmp, *rx;
	size_t total = 0, off = 0, rsp_len;
	void *req, *rsp;

	list_for_each_entry(b, &msg->pieces, node)
		total += b->len;
	req = kvmalloc(total, GFP_KERNEL);
	rsp = kzalloc(SIM_FW_MAX_RSP, GFP_KERNEL);
	list_for_each_entry_safe(b, tmp, &msg->pieces, node) {
		if (req)
			memcpy(req + off, b->buf, b->len);
		off += b->len;
		list_del(&b->node);
		/* The host frees each transmitted piece in this callback. */
		sim_mhi_complete(drv, b, DMA_TO_DEVICE, b->len, 0);
	}
	kfree(msg);
	if (!req || !rsp)
		goto out;

	rsp_len = sim_fw_handle(req, total, rsp, SIM_FW_MAX_RSP);
	if (!rsp_len)
		goto out;

	spin_lock_irq(&sim_mhi.lock);
	rx = list_first_entry_or_null(&sim_mhi.rx, struct sim_buf, node);
	if (rx)
		list_del(&rx->node);
	spin_unlock_irq(&sim_mhi.lock);
	if (!rx) {
		pr_warn("sim_aic100: firmware reply dropped, no receive buffer queued\n");
		goto out;
	}
	rsp_len = min(rsp_len, rx->len);
	memcpy(rx->buf, rsp, rsp_len);
	sim_mhi_complete(drv, rx, DMA_FROM_DEVICE, rsp_len, 0);
out:
	kfree(rsp);
	kvfree(req);
}

static void sim_mhi_msg_work(struct work_struct *work)
{
	struct sim_msg *msg;

	for (;;) {
		spin_lock_irq(&sim_mhi.lock);
		msg = list_first_entry_or_null(&sim_mhi.msgs, struct sim_msg, node);
		if (msg)
			list_del(&msg->node);
		spin_unlock_irq(&sim_mhi.lock);
		if (!msg)
			return;
		sim_mhi_deliver(msg);
	}
}

/* Return every queued buffer to the client as cancelled, then forget it. */
static void sim_mhi_flush_buffers(void)
{
	const struct mhi_driver *drv = sim_mhi_client();
	struct sim_buf *b, *tmp;
	struct sim_msg *msg, *mtmp;
	LIST_HEAD(rx);
	LIST_HEAD(tx);

	spin_lock_irq(&sim_mhi.lock);
	sim_mhi.started = false;
	list_splice_init(&sim_mhi.rx, &rx);
	list_splice_init(&sim_mhi.tx, &tx);
	list_for_each_entry_safe(msg, mtmp, &sim_mhi.msgs, node) {
		list_splice_tail_init(&msg->pieces, &tx);
		list_del(&msg->node);
		kfree(msg);
	}
	spin_unlock_irq(&sim_mhi.lock);

	list_for_each_entry_safe(b, tmp, &tx, node) {
		list_del(&b->node);
		sim_mhi_complete(drv, b, DMA_TO_DEVICE, 0, -ENOTCONN);
	}
	list_for_each_entry_safe(b, tmp, &rx, node) {
		list_del(&b->node);
		sim_mhi_complete(drv, b, DMA_FROM_DEVICE, 0, -ENOTCONN);
	}
}

static void sim_mhi_remove_devices(void)
{
	struct mhi_device *mhi_dev;

	flush_work(&sim_mhi.create_work);
	flush_workqueue(sim_mhi.wq);
	mhi_dev = sim_mhi.control;
	if (!mhi_dev)
		return;
	sim_mhi_flush_buffers();
	device_del(&mhi_dev->dev);
	sim_mhi.control = NULL;
	put_device(&mhi_dev->dev);
}

int mhi_register_controller(struct mhi_controller *mhi_cntrl,
			    const struct mhi_controller_config *config)
{
	if (sim_mhi.cntrl)
		return -EBUSY;
	sim_mhi.cntrl = mhi_cntrl;
	sim_mhi.ee = MHI_EE_PBL;
	return 0;
}
EXPORT_SYMBOL_GPL(mhi_register_controller);

void mhi_unregister_controller(struct mhi_controller *mhi_cntrl)
{
	if (sim_mhi.cntrl != mhi_cntrl)
		return;
	sim_mhi_remove_devices();
	sim_mhi.cntrl = NULL;
}
EXPORT_SYMBOL_GPL(mhi_unregister_controller);

int mhi_prepare_for_power_up(struct mhi_controller *mhi_cntrl)
{
	return 0;
}
EXPORT_SYMBOL_GPL(mhi_prepare_for_power_up);

void mhi_unprepare_after_power_down(struct mhi_controller *mhi_cntrl)
{
}
EXPORT_SYMBOL_GPL(mhi_unprepare_after_power_down);

/* The simulated firmware is always present: boot straight to mission mode. */
int mhi_async_power_up(struct mhi_controller *mhi_cntrl)
{
	if (sim_mhi.cntrl != mhi_cntrl)
		return -EINVAL;
	sim_fw_reset();
	sim_mhi.ee = MHI_EE_AMSS;
	/* Not on the firmware queue: the client's probe waits for firmware replies. */
	schedule_work(&sim_mhi.create_work);
	return 0;
}
EXPORT_SYMBOL_GPL(mhi_async_power_up);

void mhi_power_down(struct mhi_controller *mhi_cntrl, bool graceful)
{
	if (sim_mhi.cntrl != mhi_cntrl)
		return;
	sim_mhi_remove_devices();
	sim_fw_reset();
	sim_mhi.ee = MHI_EE_DISABLE_TRANSITION;
}
EXPORT_SYMBOL_GPL(mhi_power_down);

void mhi_soc_reset(struct mhi_controller *mhi_cntrl)
{
	sim_fw_reset();
	sim_mhi.ee = MHI_EE_PBL;
}
EXPORT_SYMBOL_GPL(mhi_soc_reset);

enum mhi_ee_type mhi_get_exec_env(struct mhi_controller *mhi_cntrl)
{
	return sim_mhi.ee;
}
EXPORT_SYMBOL_GPL(mhi_get_exec_env);

int __mhi_driver_register(struct mhi_driver *mhi_drv, struct module *owner)
{
	mhi_drv->driver.bus = &sim_mhi_bus;
	mhi_drv->driver.owner = owner;
	return driver_register(&mhi_drv->driver);
}
EXPORT_SYMBOL_GPL(__mhi_driver_register);

void mhi_driver_unregister(struct mhi_driver *mhi_drv)
{
	driver_unregister(&mhi_drv->driver);
}
EXPORT_SYMBOL_GPL(mhi_driver_unregister);

int mhi_prepare_for_transfer(struct mhi_device *mhi_dev)
{
	if (mhi_dev != sim_mhi.control)
		return -EINVAL;
	spin_lock_irq(&sim_mhi.lock);
	sim_mhi.started = true;
	spin_unlock_irq(&sim_mhi.lock);
	return 0;
}
EXPORT_SYMBOL_GPL(mhi_prepare_for_transfer);

void mhi_unprepare_from_transfer(struct mhi_device *mhi_dev)
{
	if (mhi_dev != sim_mhi.control)
		return;
	flush_workqueue(sim_mhi.wq);
	sim_mhi_flush_buffers();
}
EXPORT_SYMBOL_GPL(mhi_unprepare_from_transfer);

int mhi_get_free_desc_count(struct mhi_device *mhi_dev, enum dma_data_direction dir)
{
	return SIM_MHI_RING_ELEMENTS;
}
EXPORT_SYMBOL_GPL(mhi_get_free_desc_count);

int mhi_queue_buf(struct mhi_device *mhi_dev, enum dma_data_direction dir,
		  void *buf, size_t len, enum mhi_flags mflags)
{
	struct sim_msg *msg = NULL;
	struct sim_buf *b;
	unsigned long flags;

	b = kzalloc_obj(*b, GFP_ATOMIC);
	if (!b)
		return -ENOMEM;
	b->buf = buf;
	b->len = len;
	if (dir == DMA_TO_DEVICE && (mflags & MHI_EOT)) {
		msg = kzalloc_obj(*msg, GFP_ATOMIC);
		if (!msg) {
			kfree(b);
			return -ENOMEM;
		}
		INIT_LIST_HEAD(&msg->pieces);
	}

	spin_lock_irqsave(&sim_mhi.lock, flags);
	if (mhi_dev != sim_mhi.control || !sim_mhi.started) {
		spin_unlock_irqrestore(&sim_mhi.lock, flags);
		kfree(msg);
		kfree(b);
		return -ENOTCONN;
	}
	if (dir == DMA_FROM_DEVICE) {
		list_add_tail(&b->node, &sim_mhi.rx);
	} else {
		list_add_tail(&b->node, &sim_mhi.tx);
		if (msg) {
			list_splice_tail_init(&sim_mhi.tx, &msg->pieces);
			list_add_tail(&msg->node, &sim_mhi.msgs);
			queue_work(sim_mhi.wq, &sim_mhi.msg_work);
		}
	}
	spin_unlock_irqrestore(&sim_mhi.lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(mhi_queue_buf);

int sim_mhi_init(void)
{
	int ret;

	spin_lock_init(&sim_mhi.lock);
	INIT_LIST_HEAD(&sim_mhi.rx);
	INIT_LIST_HEAD(&sim_mhi.tx);
	INIT_LIST_HEAD(&sim_mhi.msgs);
	INIT_WORK(&sim_mhi.create_work, sim_mhi_create_work);
	INIT_WORK(&sim_mhi.msg_work, sim_mhi_msg_work);
	sim_mhi.wq = alloc_ordered_workqueue("sim_aic100_fw", 0);
	if (!sim_mhi.wq)
		return -ENOMEM;
	ret = bus_register(&sim_mhi_bus);
	if (ret)
		destroy_workqueue(sim_mhi.wq);
	return ret;
}

void sim_mhi_exit(void)
{
	bus_unregister(&sim_mhi_bus);
	destroy_workqueue(sim_mhi.wq);
}
