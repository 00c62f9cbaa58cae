/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated AIC100 shared definitions.
 *
 * One physical window, reserved from RAM with memmap=, backs all BARs of
 * the simulated PCI function; the simulator watches it through its own
 * mapping, as a device watches its register file.
 */
#ifndef SIM_AIC100_H
#define SIM_AIC100_H

#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/types.h>

/*
 * One source for every kernel series: kzalloc_obj() (the form newer
 * kernels and their checkpatch ask for) does not exist in 6.12. It is a
 * macro, so its presence is tested directly rather than guessed from
 * LINUX_VERSION_CODE.
 */
#ifndef kzalloc_obj
#define kzalloc_obj(P, GFP)	kzalloc(sizeof(P), GFP)
#endif

#define SIM_NUM_DBC		16

#define SIM_WINDOW_SIZE		SZ_1M
#define SIM_BAR0_OFF		0x00000	/* MHI registers */
#define SIM_BAR0_SIZE		SZ_4K
#define SIM_BAR2_OFF		0x40000	/* DMA bridge channels */
#define SIM_BAR2_SIZE		SZ_256K
#define SIM_BAR4_OFF		0x80000	/* unused by the host driver */
#define SIM_BAR4_SIZE		SZ_4K

/* Each DBC's 4 KiB register window: BAR 2 + 128 KiB + id * 4 KiB. */
#define SIM_DBC_REGS(id)	(SIM_BAR2_OFF + SZ_128K + (id) * SZ_4K)
#define SIM_DBC_REQ_HEAD	0x0
#define SIM_DBC_REQ_TAIL	0x4
#define SIM_DBC_RSP_HEAD	0x8
#define SIM_DBC_RSP_TAIL	0xc

/* Largest control message the host can receive in one buffer. */
#define SIM_FW_MAX_RSP		SZ_4K

struct pci_dev;

extern phys_addr_t sim_window_phys;
extern void __iomem *sim_window;
extern unsigned int sim_latency_us;
extern bool sim_raise_msi;

int sim_pci_host_init(void);
void sim_pci_host_exit(void);
struct pci_dev *sim_pci_dev(void);
bool sim_pci_msi_message(u64 *addr, u32 *data);

int sim_mhi_init(void);
void sim_mhi_exit(void);

void sim_fw_reset(void);
size_t sim_fw_handle(const void *req, size_t req_len, void *rsp, size_t rsp_cap);

int sim_dbc_init(unsigned int devmem_mib);
void sim_dbc_exit(void);
int sim_dbc_start(u32 id, u64 req_q_addr, u64 rsp_q_addr, u32 nelem);
void sim_dbc_stop(u32 id);
void *sim_dma_to_virt(u64 addr, u64 len);
void sim_devmem_write(u64 dev_addr, const void *src, u64 len);

#endif /* SIM_AIC100_H */
